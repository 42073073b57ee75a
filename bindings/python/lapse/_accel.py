"""The optional C accelerator (lapse._speedups), when it was built for this
interpreter: installed next to the package, or named by LAPSE_SPEEDUPS (the
build tree's copy, as the tests use it).  LAPSE_SPEEDUPS=off turns it off.
Without it every call takes the pure ctypes path, with the same results;
`lapse.speedups()` says which one runs."""
from __future__ import annotations

import importlib.machinery
import importlib.util
import os
from types import ModuleType
from typing import Optional


def _find() -> Optional[ModuleType]:
    path = os.environ.get("LAPSE_SPEEDUPS", "")
    if path == "off":
        return None
    if path:
        loader = importlib.machinery.ExtensionFileLoader("lapse._speedups", path)
        spec = importlib.util.spec_from_file_location("lapse._speedups", path, loader=loader)
        if spec is None:
            raise ImportError(f"LAPSE_SPEEDUPS={path}: not an extension module")
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        return module
    try:
        from . import _speedups  # type: ignore[attr-defined]
    except ImportError:
        return None
    return _speedups


module = _find()
