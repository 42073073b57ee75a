"""The C calendar against Python's datetime, over 100,000+ generated cases
each: day numbers and differences, y/m/d back, month arithmetic with the
end-of-month clamp, and months_since.  Calls liblapse directly (ctypes), so
that no binding code stands between the two."""
import calendar
import ctypes
import datetime
import os
import pathlib
import random
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
LIBRARY = (os.environ.get("LAPSE_LIBRARY") or
           sys.exit("LAPSE_LIBRARY: the library to test is not set (meson test sets it)"))
EPOCH = datetime.date(1970, 1, 1)
CASES = 100_000


def load():
    lib = ctypes.CDLL(LIBRARY)
    i32, p = ctypes.c_int32, ctypes.POINTER
    lib.lapse_date_from_ymd.argtypes = [i32, i32, i32, p(i32)]
    lib.lapse_date_from_ymd.restype = ctypes.c_int
    lib.lapse_date_to_ymd.argtypes = [i32, p(i32), p(i32), p(i32)]
    lib.lapse_date_to_ymd.restype = None
    lib.lapse_date_add_months.argtypes = [i32, i32, p(i32)]
    lib.lapse_date_add_months.restype = ctypes.c_int
    lib.lapse_months_since.argtypes = [i32, i32]
    lib.lapse_months_since.restype = i32
    return lib


def python_add_months(date, months):
    """The reference: datetime and calendar, the clamp written out."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        return None
    return datetime.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def random_date(rng):
    return datetime.date.fromordinal(rng.randint(1, datetime.date.max.toordinal()))


class CalendarAgainstDatetime(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.lib = load()

    def day(self, date):
        out = ctypes.c_int32()
        self.assertEqual(self.lib.lapse_date_from_ymd(date.year, date.month, date.day,
                                                      ctypes.byref(out)), 0)
        return out.value

    def test_day_numbers_differences_and_back(self):
        rng = random.Random(1)
        y, m, d = ctypes.c_int32(), ctypes.c_int32(), ctypes.c_int32()
        previous = None
        for _ in range(CASES):
            date = random_date(rng)
            number = self.day(date)
            self.assertEqual(number, (date - EPOCH).days)
            self.lib.lapse_date_to_ymd(number, ctypes.byref(y), ctypes.byref(m), ctypes.byref(d))
            self.assertEqual((y.value, m.value, d.value), (date.year, date.month, date.day))
            if previous is not None:
                self.assertEqual(number - previous[1], (date - previous[0]).days)
            previous = (date, number)

    def test_add_months_and_months_since(self):
        rng = random.Random(2)
        out = ctypes.c_int32()
        for i in range(CASES):
            date = random_date(rng)
            # Mostly the month-end days where clamping happens.
            if i % 2:
                last = calendar.monthrange(date.year, date.month)[1]
                date = date.replace(day=rng.randint(max(1, last - 3), last))
            months = rng.randint(-240, 240) if i % 10 else rng.randint(-120000, 120000)
            expected = python_add_months(date, months)
            code = self.lib.lapse_date_add_months(self.day(date), months, ctypes.byref(out))
            if expected is None:
                self.assertNotEqual(code, 0, (date, months))
                continue
            self.assertEqual(code, 0, (date, months))
            self.assertEqual(out.value, (expected - EPOCH).days, (date, months))
            self.assertEqual(self.lib.lapse_months_since(self.day(date), out.value), months)
            # months_since against its definition, for an arbitrary later day.
            other = expected + datetime.timedelta(days=rng.randint(0, 40))
            if other.year <= 9999:
                k = self.lib.lapse_months_since(self.day(date), self.day(other))
                at, after = python_add_months(date, k), python_add_months(date, k + 1)
                self.assertTrue(at <= other, (date, other, k))
                self.assertTrue(after is None or after > other, (date, other, k))


if __name__ == "__main__":
    unittest.main()
