"""The package version: meson.build's project version, the one place it is
set.  A wheel or an sdist replaces this file with the version written out;
a copy of the package away from both says "unknown"."""
import pathlib
import re


def _from_meson_build() -> str:
    meson = pathlib.Path(__file__).resolve().parents[3] / "meson.build"
    if not meson.is_file():
        return "unknown"
    match = re.search(r"^\s*version:\s*'([^']+)'", meson.read_text(), re.MULTILINE)
    return match.group(1) if match else "unknown"


VERSION = _from_meson_build()
