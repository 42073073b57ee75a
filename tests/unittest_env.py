"""`python3 -m unittest` at the repository root: the Python tests load the
library, the tool and the SQLite module that Meson builds.  `meson test`
names them (LAPSE_LIBRARY and the others); without that, this builds lapse
in build/unittest, a directory of its own (never the demo's or CI's), and
names what is there.  Imported by the top-level test packages' __init__."""
import os
import pathlib
import subprocess
import sysconfig

ROOT = pathlib.Path(__file__).resolve().parent.parent


def prepare():
    if os.environ.get("LAPSE_LIBRARY"):
        return
    build = ROOT / "build" / "unittest"
    if not (build / "build.ninja").exists():
        subprocess.run(["meson", "setup", str(build), str(ROOT), "-Dtests=false",
                        "-Dbenchmarks=false"], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["ninja", "-C", str(build)], check=True, stdout=subprocess.DEVNULL)
    env = {"LAPSE_LIBRARY": build / "liblapse.so",
           "LAPSE_CLI": build / "examples" / "lapse",
           "LAPSE_SOURCE_ROOT": ROOT}
    sqlite = build / "bindings" / "sqlite" / "lapse.so"
    if sqlite.exists():
        env["LAPSE_SQLITE"] = sqlite
    speedups = build / "bindings" / "python" / ("_speedups" + sysconfig.get_config_var("EXT_SUFFIX"))
    if speedups.exists():  # built for this interpreter
        env["LAPSE_SPEEDUPS"] = speedups
    for name, value in env.items():
        os.environ.setdefault(name, str(value))


def claim_tests_package():
    """Imports the repository's top-level `tests` package before any test
    module puts bindings/python (which has a `tests` package too) first on
    sys.path, so that discovery's `tests.cli` and the others resolve here."""
    import importlib
    import sys
    if any(pathlib.Path(p or ".").resolve() == ROOT for p in sys.path) and "tests" not in sys.modules:
        importlib.import_module("tests")
