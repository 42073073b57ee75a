# Lets `python3 -m unittest` at the repository root discover the Python tests,
# and builds what they load when meson test has not named it
# (tests/unittest_env.py).
import importlib.util as _util
import pathlib as _pathlib

_spec = _util.spec_from_file_location(
    "_lapse_unittest_env", _pathlib.Path(__file__).resolve().parents[1] / "tests" / "unittest_env.py")
_env = _util.module_from_spec(_spec)
_spec.loader.exec_module(_env)
_env.prepare()
_env.claim_tests_package()
