#!/usr/bin/env python3
"""Assembles the npm package directory: assemble.py NODE DIR VERSION WASM JS
DTS_IN PACKAGE_JSON_IN README GEN_DTS STAMP.  Copies the files into DIR
(what `npm pack` packs), writes package.json with the project's version and
lapse.d.ts from its template (gen_dts.mjs, through the package itself), then
the stamp."""
import pathlib
import shutil
import subprocess
import sys

node, directory, version, wasm, js, dts, package_in, readme, gen_dts, stamp = sys.argv[1:]
out = pathlib.Path(directory)
out.mkdir(parents=True, exist_ok=True)
for source, name in ((wasm, "lapse.wasm"), (js, "lapse.js"), (readme, "README.md")):
    shutil.copyfile(source, out / name)
text = pathlib.Path(package_in).read_text(encoding="utf-8").replace("@VERSION@", version)
(out / "package.json").write_text(text, encoding="utf-8")
subprocess.run([node, gen_dts, str(out), dts], check=True)
pathlib.Path(stamp).write_text(version + "\n", encoding="utf-8")
