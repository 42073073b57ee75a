"""A PEP 517 build backend in the standard library only, so that
`pip install --no-build-isolation ./bindings/python` works offline on any
Python 3.10+, with no setuptools or wheel installed.

When the C library has been built (../../build/liblapse.so, or the path in
LAPSE_BUNDLE_LIBRARY), a copy goes into the wheel next to the package, where
the loader looks for it, and the wheel is tagged for this platform.
"""
import base64
import hashlib
import os
import pathlib
import re
import sys
import sysconfig
import zipfile

NAME = "lapse"
HERE = pathlib.Path(__file__).resolve().parent.parent


def _version():
    """meson.build's project version, the one place it is set; in an sdist,
    the version its _version.py was written with."""
    meson = HERE.parent.parent / "meson.build"
    source = meson if meson.exists() else HERE / NAME / "_version.py"
    match = re.search(r"version:\s*'([^']+)'|VERSION = \"([^\"]+)\"", source.read_text())
    return match.group(1) or match.group(2)


VERSION = _version()
# Written into wheels and sdists in place of the source tree's _version.py,
# which reads meson.build.
VERSION_PY = f'"""The package version, written by the build."""\nVERSION = "{VERSION}"\n'.encode()
METADATA = f"""Metadata-Version: 2.1
Name: {NAME}
Version: {VERSION}
Summary: Subscription cancellation decisions (Python binding of the lapse C library)
License: MIT
Requires-Python: >=3.10
"""


def _library():
    path = os.environ.get("LAPSE_BUNDLE_LIBRARY") or HERE.parent.parent / "build" / "liblapse.so"
    path = pathlib.Path(path)
    return path.resolve() if path.exists() else None


def _speedups():
    """lapse._speedups built for this interpreter (LAPSE_BUNDLE_SPEEDUPS, or
    ../../build/bindings/python/), or None: the package runs without it."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    path = os.environ.get("LAPSE_BUNDLE_SPEEDUPS") or \
        HERE.parent.parent / "build" / "bindings" / "python" / f"_speedups{suffix}"
    path = pathlib.Path(path)
    return (path.resolve(), suffix) if path.exists() and _library() is not None else None


def _tag():
    if _library() is None:
        return "py3-none-any"
    platform = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    if _speedups() is not None:  # an extension module: this interpreter's ABI
        version = f"cp{sys.version_info.major}{sys.version_info.minor}"
        return f"{version}-{version}-{platform}"
    return "py3-none-" + platform


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def _digest(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    dist_info = f"{NAME}-{VERSION}.dist-info"
    files = {}
    for path in sorted((HERE / NAME).iterdir()):
        if path.suffix in (".py", ".typed"):
            files[f"{NAME}/{path.name}"] = path.read_bytes()
    files[f"{NAME}/_version.py"] = VERSION_PY
    library = _library()
    if library is not None:
        files[f"{NAME}/liblapse.so"] = library.read_bytes()
    speedups = _speedups()
    if speedups is not None:
        files[f"{NAME}/_speedups{speedups[1]}"] = speedups[0].read_bytes()
    tag = _tag()
    files[f"{dist_info}/METADATA"] = METADATA.encode()
    files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: lapse_build\n"
                                   f"Root-Is-Purelib: {'false' if library else 'true'}\n"
                                   f"Tag: {tag}\n").encode()
    record = "".join(f"{name},{_digest(data)},{len(data)}\n" for name, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    wheel_name = f"{NAME}-{VERSION}-{tag}.whl"
    with zipfile.ZipFile(pathlib.Path(wheel_directory) / wheel_name, "w",
                         zipfile.ZIP_DEFLATED) as wheel:
        for name, data in files.items():
            wheel.writestr(name, data)
    return wheel_name


def build_sdist(sdist_directory, config_settings=None):
    import io
    import tarfile
    base = f"{NAME}-{VERSION}"
    name = f"{base}.tar.gz"
    with tarfile.open(pathlib.Path(sdist_directory) / name, "w:gz") as sdist:
        for path in ["pyproject.toml", "README.md", "_build/lapse_build.py"]:
            sdist.add(HERE / path, f"{base}/{path}")
        for path in sorted((HERE / NAME).iterdir()):
            if path.suffix in (".py", ".typed") and path.name != "_version.py":
                sdist.add(path, f"{base}/{NAME}/{path.name}")
        info = tarfile.TarInfo(f"{base}/{NAME}/_version.py")
        info.size = len(VERSION_PY)
        sdist.addfile(info, io.BytesIO(VERSION_PY))
    return name
