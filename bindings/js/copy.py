#!/usr/bin/env python3
"""copy.py DIR STAMP FILE...: copies the files into DIR (by their names),
then writes the stamp; the portal page's directory (bindings/js/meson.build)."""
import pathlib
import shutil
import sys

directory, stamp, *files = sys.argv[1:]
out = pathlib.Path(directory)
out.mkdir(parents=True, exist_ok=True)
for name in files:
    shutil.copyfile(name, out / pathlib.Path(name).name)
pathlib.Path(stamp).write_text("\n".join(pathlib.Path(f).name for f in files) + "\n")
