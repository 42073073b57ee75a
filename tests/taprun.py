#!/usr/bin/env python3
"""Runs unittest test modules and reports each case in TAP, so that meson
(protocol: 'tap') and .ci/run count cases, not files.

usage: taprun.py DIRECTORY [PATTERN]
"""
import sys
import unittest


class TapResult(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.number = 0
        self.subtest_failures = {}

    def _line(self, ok, test, note=""):
        self.number += 1
        name = test.id().split(".", 1)[-1]
        print(f"{'ok' if ok else 'not ok'} {self.number} - {name}{note}", flush=True)

    def addSuccess(self, test):
        super().addSuccess(test)
        self._line(True, test)

    def _fail(self, test, err, kind):
        self._line(False, test)
        for text in self._exc_info_to_string(err, test).splitlines():
            print(f"# {text}")

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err, "failure")

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err, "error")

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            self.subtest_failures.setdefault(test.id(), []).append(
                (subtest, self._exc_info_to_string(err, subtest)))

    def stopTest(self, test):
        # A test whose subtests failed gets one "not ok" with every failure.
        failures = self.subtest_failures.pop(test.id(), None)
        if failures:
            self._line(False, test)
            for subtest, text in failures:
                print(f"# {subtest.id()}")
                for line in text.splitlines():
                    print(f"# {line}")
        super().stopTest(test)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self._line(True, test, f" # SKIP {reason}")

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._line(False, test, " (unexpected success)")

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._line(True, test, " # TODO expected failure")


def main(argv):
    directory = argv[1]
    pattern = argv[2] if len(argv) > 2 else "test_*.py"
    suite = unittest.defaultTestLoader.discover(directory, pattern=pattern,
                                                top_level_dir=directory)
    count = suite.countTestCases()
    print("TAP version 13")
    print(f"1..{count}", flush=True)
    result = TapResult()
    suite.run(result)
    return 0 if result.wasSuccessful() and result.number == count else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
