"""lapse's TZif reader against Python's zoneinfo, for every zone of the
system's zoneinfo directory (every TZif file under it: the IANA names,
posix/ and right/ included; files with the same bytes are compared once
and each name still loaded).  For each zone: random instants from 1900 to
2100, every transition of the file +-1 s, and every transition of the
footer's POSIX rule up to 2100 +-1 s (found by bisection on zoneinfo's own
offsets), the local date (lapse_zone_date) and the first instant of that
date (lapse_zone_day_start): zoneinfo's date there is the date or later,
one second before it an earlier one, and it is never after a local
midnight that zoneinfo round-trips.

LAPSE_ZONE_SAMPLES (default 40) random instants a zone; LAPSE_ZONE_SHARE
(default 1) tests every n-th zone only (other CI builds than the plain one
set it: the plain build covers every zone).  Calls liblapse directly
(ctypes), so that no binding code stands between the two."""
import ctypes
import datetime
import hashlib
import os
import pathlib
import random
import sys
import unittest
import zoneinfo
from zoneinfo import _common

LIBRARY = (os.environ.get("LAPSE_LIBRARY") or
           sys.exit("LAPSE_LIBRARY: the library to test is not set (meson test sets it)"))
ZONEINFO = pathlib.Path(os.environ.get("LAPSE_ZONEINFO", "/usr/share/zoneinfo"))
SAMPLES = int(os.environ.get("LAPSE_ZONE_SAMPLES", "40"))
SHARE = max(1, int(os.environ.get("LAPSE_ZONE_SHARE", "1")))
EPOCH = datetime.date(1970, 1, 1)
UTC = datetime.timezone.utc
LOW = int(datetime.datetime(1900, 1, 1, tzinfo=UTC).timestamp())
HIGH = int(datetime.datetime(2100, 12, 31, tzinfo=UTC).timestamp())


def load():
    lib = ctypes.CDLL(LIBRARY)
    i32, i64, p = ctypes.c_int32, ctypes.c_int64, ctypes.POINTER
    lib.lapse_sizeof_zone.restype = ctypes.c_size_t
    lib.lapse_zone_load.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p,
                                    ctypes.c_void_p]
    lib.lapse_zone_load.restype = ctypes.c_int
    lib.lapse_zone_date.argtypes = [ctypes.c_void_p, i64, p(i32)]
    lib.lapse_zone_date.restype = ctypes.c_int
    lib.lapse_zone_day_start.argtypes = [ctypes.c_void_p, i32, p(i64)]
    lib.lapse_zone_day_start.restype = ctypes.c_int
    return lib


def zone_files():
    """(name, path) of every TZif file under the directory, sorted."""
    found = []
    for path in sorted(ZONEINFO.rglob("*")):
        if path.is_file():
            with open(path, "rb") as f:
                if f.read(4) == b"TZif":
                    found.append((path.relative_to(ZONEINFO).as_posix(), path))
    return found


def file_transitions(path):
    with open(path, "rb") as f:
        return list(_common.load_data(f)[1])


class ZonesAgainstZoneinfo(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = load()
        cls.zone = ctypes.create_string_buffer(cls.lib.lapse_sizeof_zone())
        cls.files = zone_files()

    def c_date(self, t):
        out = ctypes.c_int32()
        error = self.lib.lapse_zone_date(self.zone, t, ctypes.byref(out))
        self.assertEqual(error, 0, t)
        return EPOCH + datetime.timedelta(days=out.value)

    def c_day_start(self, date):
        out = ctypes.c_int64()
        error = self.lib.lapse_zone_day_start(self.zone, (date - EPOCH).days, ctypes.byref(out))
        self.assertEqual(error, 0, date)
        return out.value

    @staticmethod
    def py_local(z, t):
        return datetime.datetime.fromtimestamp(t, tz=z)

    def check(self, name, z, t):
        local = self.py_local(z, t)
        date = self.c_date(t)
        self.assertEqual(date, local.date(), f"{name} at {t}: local date")
        start = self.c_day_start(date)
        self.assertGreaterEqual(self.py_local(z, start).date(), date,
                                f"{name} day start of {date} = {start}: not yet that date")
        self.assertLess(self.py_local(z, start - 1).date(), date,
                        f"{name} day start of {date} = {start}: the date began earlier")
        self.assertLessEqual(start, t, f"{name}: the day of {t} starts after it")
        for fold in (0, 1):
            midnight = datetime.datetime.combine(date, datetime.time(0), tzinfo=z).replace(
                fold=fold)
            u = int(midnight.timestamp())
            back = self.py_local(z, u)
            if back.replace(tzinfo=None) == midnight.replace(tzinfo=None):
                self.assertLessEqual(start, u, f"{name}: {date} starts after its midnight {u}")

    def rule_transitions(self, z, after):
        """The instants from `after` to 2100 where zoneinfo's offset changes."""
        found = []
        step = 28 * 86400  # a rule's transitions are months apart
        t = max(after, LOW) + 1
        offset = self.py_local(z, t).utcoffset()
        while t < HIGH:
            u = min(t + step, HIGH)
            o = self.py_local(z, u).utcoffset()
            if o != offset:
                low, high = t, u
                while high - low > 1:
                    middle = (low + high) // 2
                    if self.py_local(z, middle).utcoffset() == offset:
                        low = middle
                    else:
                        high = middle
                found.append(high)
                offset = self.py_local(z, high).utcoffset()
                t = high
            else:
                t = u
        return found

    def test_every_zone(self):
        self.assertGreater(len(self.files), 300, f"{ZONEINFO}: too few zones to compare")
        rng = random.Random(29)
        seen = set()
        compared = 0
        for index, (name, path) in enumerate(self.files):
            detail = ctypes.create_string_buffer(512)
            error = self.lib.lapse_zone_load(str(ZONEINFO).encode(), name.encode(), self.zone,
                                             detail)
            self.assertEqual(error, 0, f"{name}: {detail.raw[40:240]!r}")
            digest = hashlib.sha256(path.read_bytes()).digest()
            if digest in seen or index % SHARE:
                continue
            seen.add(digest)
            try:
                with open(path, "rb") as f:
                    z = zoneinfo.ZoneInfo.from_file(f, key=name)
            except ValueError:
                continue  # a file zoneinfo itself refuses
            compared += 1
            instants = [rng.randint(LOW, HIGH) for _ in range(SAMPLES)]
            transitions = [t for t in file_transitions(path) if LOW - 86400 < t < HIGH]
            last = max(file_transitions(path) or [LOW])
            transitions += self.rule_transitions(z, last)
            for t in transitions:
                instants += [t - 1, t, t + 1]
            with self.subTest(zone=name):
                for t in instants:
                    self.check(name, z, t)
        self.assertGreater(compared, 300 // SHARE)


if __name__ == "__main__":
    unittest.main()
