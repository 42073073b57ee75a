"""Finds the C library: LAPSE_LIBRARY first, then next to the package, then
the system's find_library; one ImportError lists every place tried.  A
source tree's build directories are never searched: which build a program
uses is said by LAPSE_LIBRARY, never guessed."""
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
    names = ["liblapse.so", "liblapse.so.0.3", "liblapse.dylib", "lapse.dll"]
    for name in names:
        found.append(("next to the package", str(_HERE / name)))
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
                      "\nInstall it (meson install), or build it (bash examples/demo.sh) and set"
                      " LAPSE_LIBRARY to its path (build/demo/liblapse.so).")



lib = _load()
