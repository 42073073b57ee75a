"""The Python package as a user gets it: an sdist and a wheel built offline
by meson-python (pyproject.toml at the repository root), the wheel installed
into a throwaway virtual environment that sees Debian's packages, then
imported and used there.  Everything happens on a copy of the source tree in
a temporary directory, so that nothing here reads or writes the repository's
build directories.  Run by `meson test --suite python` under
/usr/bin/python3, where Debian's python3-mesonpy lives.
"""
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import unittest
import zipfile

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT") or pathlib.Path(__file__).resolve().parents[2])
# What a user's environment would not have: the build tree's library and
# accelerator, a PYTHONPATH into the source tree.
CLEAN_ENV = {k: v for k, v in os.environ.items()
             if k not in ("LAPSE_LIBRARY", "LAPSE_SPEEDUPS", "PYTHONPATH", "LD_LIBRARY_PATH")}
CLEAN_ENV["PIP_NO_INDEX"] = "1"  # nothing may be downloaded


def run(args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                            env=kwargs.pop("env", CLEAN_ENV), **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def copy_source(destination):
    """The source tree as it is now (committed or not), without build output."""
    destination.mkdir()
    if (ROOT / ".git").exists() and shutil.which("git"):
        names = run(["git", "-C", ROOT, "ls-files", "-z", "--cached", "--others",
                     "--exclude-standard"]).split("\0")
        for name in filter(None, names):
            source = ROOT / name
            if source.is_file():
                (destination / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, destination / name)
    else:
        shutil.rmtree(destination)
        shutil.copytree(ROOT, destination, ignore=shutil.ignore_patterns(
            "build", "build-*", ".git", "__pycache__", ".mesonpy*"))


def version():
    import re
    return re.search(r"version:\s*'([^']+)'", (ROOT / "meson.build").read_text()).group(1)


@unittest.skipUnless(shutil.which("git"), "meson dist (the sdist) needs git")
class Packaging(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        try:
            import mesonpy  # noqa: F401
        except ImportError:
            raise unittest.SkipTest(f"{sys.executable} has no meson-python "
                                    "(apt install python3-mesonpy; bash .ci/run installs it)")
        cls.tmp = tempfile.TemporaryDirectory()
        tmp = pathlib.Path(cls.tmp.name)
        cls.version = version()
        # The sdist: meson dist, from a git repository of the tree's files.
        src = tmp / "src"
        copy_source(src)
        git = ["git", "-C", src, "-c", "user.name=t", "-c", "user.email=t@t", "-c",
               "commit.gpgsign=false"]
        run(git + ["init", "-q"])
        run(git + ["add", "-A"])
        run(git + ["commit", "-q", "-m", "snapshot"])
        cls.dist = tmp / "dist"
        cls.dist.mkdir()
        out = run([sys.executable, "-c",
                   "import sys, mesonpy; print(mesonpy.build_sdist(sys.argv[1]))", cls.dist],
                  cwd=src)
        cls.sdist = cls.dist / out.strip().splitlines()[-1]
        # The wheel, from the unpacked sdist (so the sdist is complete), offline.
        with tarfile.open(cls.sdist) as archive:
            archive.extractall(tmp / "unpacked")
        cls.wheels = tmp / "wheels"
        run([sys.executable, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps",
             "--no-index", "-w", cls.wheels, tmp / "unpacked" / f"lapse-{cls.version}"])
        [cls.wheel] = cls.wheels.glob("*.whl")
        # A throwaway virtual environment that keeps Debian's numpy and pandas.
        cls.venv = tmp / "venv"
        run([sys.executable, "-m", "venv", "--system-site-packages", cls.venv])
        cls.python = cls.venv / "bin" / "python"
        run([cls.python, "-m", "pip", "install", "--no-index", "--no-deps", cls.wheel])
        cls.run_dir = tmp

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_sdist_holds_the_sources(self):
        self.assertEqual(self.sdist.name, f"lapse-{self.version}.tar.gz")
        base = f"lapse-{self.version}/"
        with tarfile.open(self.sdist) as archive:
            names = {name[len(base):] for name in archive.getnames() if name.startswith(base)}
        self.assertLessEqual({"PKG-INFO", "pyproject.toml", "meson.build", "meson_options.txt",
                              "README.md", "LICENSE", "src/core/date.c", "include/lapse.h",
                              "bindings/python/lapse/__init__.py",
                              "bindings/python/speedups/_speedups.c"}, names)
        self.assertFalse([n for n in names if n.startswith(("build/", ".mesonpy"))])

    def test_wheel_tag_says_what_it_holds(self):
        with zipfile.ZipFile(self.wheel) as wheel:
            names = set(wheel.namelist())
            wheel_file = wheel.read(f"lapse-{self.version}.dist-info/WHEEL").decode()
            version_py = wheel.read("lapse/_version.py").decode()
        platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
        suffix = sysconfig.get_config_var("EXT_SUFFIX")
        if f"lapse/_speedups{suffix}" in names:
            # An extension module for this interpreter's ABI.
            abi = f"cp{sys.version_info.major}{sys.version_info.minor}"
            tag = f"{abi}-{abi}-{platform}"
        else:  # ctypes and liblapse.so only: any Python 3, this platform
            tag = f"py3-none-{platform}"
        self.assertEqual(self.wheel.name, f"lapse-{self.version}-{tag}.whl")
        self.assertIn(f"Tag: {tag}\n", wheel_file + "\n")
        self.assertIn("Root-Is-Purelib: false", wheel_file)
        self.assertIn("lapse/liblapse.so", names)
        self.assertEqual(version_py.splitlines()[-1], f'VERSION = "{self.version}"')
        # Every module of the source package, and nothing of the C project's
        # installation (headers, the tool, pkg-config or CMake files).
        modules = {f"lapse/{p.name}" for p in (ROOT / "bindings" / "python" / "lapse").iterdir()
                   if p.suffix in (".py", ".typed")}
        self.assertLessEqual(modules, names)
        self.assertFalse([n for n in names if ".data/" in n or "mesonpy.libs" in n], names)

    def test_metadata(self):
        with zipfile.ZipFile(self.wheel) as wheel:
            metadata = wheel.read(f"lapse-{self.version}.dist-info/METADATA").decode()
        headers, _, body = metadata.partition("\n\n")
        self.assertIn("Name: lapse", headers)
        self.assertIn(f"Version: {self.version}", headers)
        self.assertIn("Provides-Extra: pandas", headers)
        self.assertIn("Provides-Extra: dask", headers)
        self.assertIn('Requires-Dist: pandas; extra == "pandas"', headers)
        self.assertIn('Requires-Dist: distributed; extra == "dask"', headers)
        self.assertIn("Description-Content-Type: text/markdown", headers)
        self.assertTrue(body.startswith("# lapse\n"), body[:80])

    def test_installed_wheel_imports_and_decides(self):
        script = (
            "import datetime, lapse, lapse.pandas\n"
            "D = datetime.date.fromisoformat\n"
            "d = lapse.decide_cancel(lapse.Subscription(start=D('2025-01-31'), price=2000),\n"
            "    lapse.Request(on=D('2025-03-10'), roles=lapse.Role.BILLING_ADMIN))\n"
            "print(lapse.__file__)\n"
            "print(lapse._native.lib._name)\n"
            "print(lapse.__version__, d.allowed, d.effective_end, d.remaining_term_charge,\n"
            "      d.data_deleted_on)\n")
        out = run([self.python, "-c", script], cwd=self.run_dir).splitlines()
        site = str(self.venv / "lib")
        self.assertTrue(out[0].startswith(site), out[0])  # the installed package
        self.assertTrue(out[1].startswith(site) and out[1].endswith("lapse/liblapse.so"), out[1])
        self.assertEqual(out[2], f"{self.version} True 2025-03-31 2000 2025-06-29")


if __name__ == "__main__":
    unittest.main()
