"""Finds the C library: LAPSE_LIBRARY first, then next to the package, then
the repository's build directories, then the system's find_library; one
ImportError lists every place tried."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import pathlib

_HERE = pathlib.Path(__file__).resolve().parent


def _candidates() -> list[tuple[str, str]]:
    """(place, path-or-name) in the order they are tried."""
    found: list[tuple[str, str]] = []
    env = os.environ.get("LAPSE_LIBRARY")
    if env:
        found.append(("LAPSE_LIBRARY", env))
    names = ["liblapse.so", "liblapse.so.0.2", "liblapse.dylib", "lapse.dll"]
    for name in names:
        found.append(("next to the package", str(_HERE / name)))
    # The source tree: bindings/python/lapse -> the repository's build dirs.
    root = _HERE.parent.parent.parent
    for build in ["build", "build/ci-plain", "builddir"]:
        for name in names[:2]:
            found.append(("build tree", str(root / build / name)))
    system = ctypes.util.find_library("lapse")
    found.append(("find_library('lapse')", system or ""))
    return found


def _load() -> ctypes.CDLL:
    tried = []
    for place, path in _candidates():
        if not path:
            tried.append(f"  {place}: not found")
            continue
        if os.sep in path and not os.path.exists(path):
            tried.append(f"  {place}: {path}: no such file")
            continue
        try:
            return ctypes.CDLL(path)
        except OSError as error:
            tried.append(f"  {place}: {path}: {error}")
    raise ImportError("lapse: cannot load the C library liblapse; tried:\n" + "\n".join(tried) +
                      "\nBuild it (bash examples/demo.sh), install it (meson install -C build)"
                      " or set LAPSE_LIBRARY to its path.")



lib = _load()
