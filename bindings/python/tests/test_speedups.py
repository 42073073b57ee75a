"""lapse._speedups, the optional C accelerator of decide_cancel, gives what
the pure ctypes path gives: the same Decision (fields, inputs kept for
explain()), the same errors for the same inputs, whatever their types, from
any thread.  With LAPSE_SPEEDUPS naming a build (meson's test does) it must
be loaded; without it these tests say so and skip."""
import datetime
import os
import random
import sys
import threading
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import test_lapse  # noqa: E402  (the vectors helpers and the package from the tree)

lapse = test_lapse.lapse
from lapse import decision as _decision  # noqa: E402

PURE = _decision.pure_decide_cancel
D = datetime.date


def outcome(function, *args, **kwargs):
    """A decision with its hidden inputs, or the error's type and text."""
    try:
        decision = function(*args, **kwargs)
    except Exception as error:  # the types and messages must match too
        return ("error", type(error).__name__, str(error))
    fields = decision.__dict__
    # The same attributes in the same order (the class's shared key table
    # depends on it), then the fields and the kept inputs.
    return ("decision", decision, tuple(fields), fields["_inputs"])


@unittest.skipUnless(lapse.speedups(), "lapse._speedups is not built for this interpreter")
class SameAsPure(unittest.TestCase):
    def same(self, *args, **kwargs):
        self.assertEqual(outcome(lapse.decide_cancel, *args, **kwargs),
                         outcome(PURE, *args, **kwargs), (args, kwargs))

    def test_it_is_the_accelerated_function(self):
        # The accelerator's C callable (a builtin function until #26.14, which
        # could not carry a typed signature), not the pure function.
        self.assertIsNot(lapse.decide_cancel, PURE)
        self.assertEqual(type(lapse.decide_cancel).__qualname__, "accelerated_function")
        self.assertEqual(type(lapse.decide_cancel).__module__, "lapse._speedups")
        self.assertFalse(hasattr(lapse.decide_cancel, "__code__"))  # no Python frame

    def test_typed_signature(self):
        # #26.14: inspect.signature, help() and pickle see the pure function's.
        import inspect
        import pickle
        signature = inspect.signature(lapse.decide_cancel)
        self.assertEqual(signature, inspect.signature(PURE))
        self.assertEqual(str(signature), "(subscription: 'Subscription', request: 'Request', "
                                         "policy: 'Optional[Policy]' = None) -> 'Decision'")
        self.assertEqual(lapse.decide_cancel.__name__, "decide_cancel")
        self.assertEqual(lapse.decide_cancel.__doc__, PURE.__doc__)
        self.assertIs(pickle.loads(pickle.dumps(lapse.decide_cancel)), lapse.decide_cancel)

    def test_vectors(self):
        for path in (test_lapse.VECTORS, test_lapse.POLICY_VECTORS):
            lines = [line for line in path.read_text().split("\n")
                     if line and not line.startswith("#")]
            header = lines[0].split("\t")
            for line in lines[1:]:
                cells = dict(zip(header, line.split("\t")))
                with self.subTest(note=cells["note"]):
                    s, r = test_lapse.parse_vector_inputs(cells)
                    self.same(s, r, test_lapse.vector_policy(cells))

    def test_random_inputs(self):
        rng = random.Random(14)
        presets = [None] + [lapse.Policy.preset(name) for name in lapse.Policy.presets()]
        for _ in range(20000):
            start = D(rng.choice((rng.randint(2, 9990), 2025)), rng.randint(1, 12), rng.randint(1, 28))
            term = rng.choice((1, 1, 12, 15, 24, 0, 1201))
            s = lapse.Subscription(
                start=start, term=term, renewal_term=rng.choice((0, 0, 1, 12)),
                billing=rng.choice((0, 1, 1, 3, 5)), price=rng.choice((0, 1999, 10 ** 18, -5)),
                currency=rng.choice(("EUR", "EUR", "JPY", "XXX", "eur")),
                contract=rng.random() < 0.5, auto_renew=rng.random() < 0.8,
                online_cancel=rng.random() < 0.9, balance=rng.choice((0, 0, 500)),
                licenses=rng.choice((0, 2)),
                cancelled_on=rng.choice((None, None, start + datetime.timedelta(days=40))),
                renewal_price=rng.choice((None, None, 2500)))
            on = start + datetime.timedelta(days=rng.randint(-10, 2000))
            r = lapse.Request(
                on=on, channel=rng.choice(("online", "support", lapse.Channel.SUPPORT)),
                roles=rng.choice(([], ["billing_admin"], lapse.Role.PRODUCT_ADMIN,
                                  lapse.Role.BILLING_ADMIN | lapse.Role.BILLING_CONTACT,
                                  ("product_admin", "billing_contact"))),
                can_sign_in=rng.random() < 0.9,
                provided=rng.choice(([], lapse.SupportInfo.ALL, ["account_id", "products"])),
                end_on=rng.choice((None, None, on + datetime.timedelta(days=100))))
            self.same(s, r, rng.choice(presets))

    def test_what_it_hands_to_the_pure_path(self):
        """Every value the accelerator does not take as is still gets the
        pure path's answer: a subclass, a datetime, a bool for a number, an
        int past 32 bits, a set of roles, an unknown name, other keywords."""
        class MyDate(datetime.date):
            pass

        class MySubscription(lapse.Subscription):
            pass

        base = dict(start=D(2025, 1, 31), price=2000)
        on = D(2025, 3, 10)
        cases = [
            (lapse.Subscription(**{**base, "start": MyDate(2025, 1, 31)}), lapse.Request(on=on)),
            (lapse.Subscription(**{**base, "start": datetime.datetime(2025, 1, 31)}),
             lapse.Request(on=on)),
            (lapse.Subscription(**base, term=True), lapse.Request(on=on)),
            (lapse.Subscription(**base, licenses=2 ** 40), lapse.Request(on=on)),
            (lapse.Subscription(**{**base, "price": 2 ** 70}), lapse.Request(on=on)),
            (lapse.Subscription(**base, contract=1), lapse.Request(on=on)),
            (lapse.Subscription(**base), lapse.Request(on=on, roles={"billing_admin"})),
            (lapse.Subscription(**base), lapse.Request(on=on, roles=["owner"])),
            (lapse.Subscription(**base), lapse.Request(on=on, channel="phone")),
            (lapse.Subscription(**base), lapse.Request(on=on, roles="billing_admin")),
            (lapse.Subscription(**base), lapse.Request(on=MyDate(2025, 3, 10))),
            (MySubscription(**base), lapse.Request(on=on)),
            (lapse.Subscription(**base), "not a request"),
        ]
        for s, r in cases:
            with self.subTest(s=s, r=r):
                self.same(s, r)
        s, r = cases[0]
        self.same(s, r, policy=lapse.Policy.preset("eu-consumer"))
        self.same(s, r, policy="not a policy")
        self.same(s, r, lapse.Policy(), extra=1)
        self.same(s, r, pol=None)
        self.same(s)

    def test_its_own_caches(self):
        """The accelerator keeps dates, names and the currency in slots of
        its own: dates that share a slot (8192 days apart) in turn, the
        package's date cache emptied (as it is when it grows), and another
        currency each call still give the pure path's answer."""
        for k in range(200):
            start = D(2020, 1, 1) + datetime.timedelta(days=8192 * (k % 3) + k)
            s = lapse.Subscription(start=start, term=12, price=12000,
                                   currency=("EUR", "JPY", "KWD")[k % 3])
            r = lapse.Request(on=start + datetime.timedelta(days=100 + k),
                              roles=lapse.Role.BILLING_ADMIN)
            if k % 50 == 0:
                _decision._DATES.clear()
                _decision._DATES[_decision._native.DATE_NONE] = None
            self.same(s, r)

    def test_a_decision_shares_its_class_keys(self):
        """A Decision of the accelerator keeps its attributes in the class's
        shared key table, not in a dict of its own: 27 fields and _inputs.
        CPython 3.11 shares at most 29 keys; with the 30 of main
        before (three attributes for the inputs) every Decision took a
        1.6 KB dict from malloc and a call cost about 4x (#32 item 3).  Measured
        with tracemalloc: about 0.4 KB a Decision shared, 1.6 KB not."""
        import tracemalloc
        s = lapse.Subscription(start=D(2025, 1, 31), price=2000)
        r = lapse.Request(on=D(2025, 3, 10), roles=lapse.Role.BILLING_ADMIN)
        lapse.decide_cancel(s, r)  # the caches learn
        self.assertLess(len(lapse.decide_cancel(s, r).__dict__), 30)
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            kept = [lapse.decide_cancel(s, r) for _ in range(1000)]
            each = (tracemalloc.get_traced_memory()[0] - before) / len(kept)
        finally:
            tracemalloc.stop()
        self.assertLess(each, 1000, f"{each:.0f} bytes a Decision")

    def test_explain_from_an_accelerated_decision(self):
        s = lapse.Subscription(start=D(2025, 1, 31), price=2000)
        r = lapse.Request(on=D(2025, 3, 10), roles=lapse.Role.BILLING_ADMIN)
        self.assertEqual(lapse.decide_cancel(s, r).explain("it"), PURE(s, r).explain("it"))

    def test_threads(self):
        s = lapse.Subscription(start=D(2024, 10, 1), term=15, billing=3, price=90000,
                               contract=True)
        requests = [lapse.Request(on=D(2024, 10, 1) + datetime.timedelta(days=d),
                                  roles=["billing_admin"]) for d in range(0, 900, 3)]
        want = [PURE(s, r) for r in requests]
        failures = []

        def work():
            for _ in range(20):
                if [lapse.decide_cancel(s, r) for r in requests] != want:
                    failures.append(1)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(failures, [])


# Inputs both interpreters make alike (the subinterpreter runs this text too).
CASES_SOURCE = """
import datetime, random
import lapse

def cases():
    rng = random.Random(27)
    out = []
    presets = [None] + list(lapse.Policy.presets())
    for _ in range(300):
        start = datetime.date(rng.randint(2000, 2030), rng.randint(1, 12), rng.randint(1, 28))
        s = lapse.Subscription(start=start, term=rng.choice((1, 12, 24)),
                               billing=rng.choice((1, 3)), price=rng.choice((0, 1999, 12000)),
                               currency=rng.choice(("EUR", "JPY", "KWD")),
                               contract=rng.random() < 0.5)
        r = lapse.Request(on=start + datetime.timedelta(days=rng.randint(-10, 900)),
                          roles=rng.choice(([], ["billing_admin"], lapse.Role.PRODUCT_ADMIN)))
        preset = rng.choice(presets)
        out.append((s, r, preset and lapse.Policy.preset(preset)))
    return out

def answers(function):
    got = []
    for s, r, p in cases():
        try:
            got.append(repr(function(s, r, p)))
        except Exception as error:
            got.append(f"{type(error).__name__}: {error}")
    return got
"""

# What a subinterpreter runs: the package and its accelerator imported
# there (its own module object, given its own types and caches), the
# answers of both paths written to a file.
IN_SUBINTERPRETER = """
import json, sys
sys.path.insert(0, PACKAGE_DIRECTORY)
exec(compile(CASES_SOURCE, "cases", "exec"))
from lapse import decision
with open(OUT, "w") as f:
    json.dump({"accelerated": lapse.speedups(),
               "type": type(lapse.decide_cancel).__qualname__,
               "accelerated_answers": answers(lapse.decide_cancel),
               "pure_answers": answers(decision.pure_decide_cancel)}, f)
"""

# Run by a python3 of its own (a crash of the old, process-wide state would
# otherwise take the test run with it): the answers in the main interpreter,
# in two subinterpreters one after the other, and in the main interpreter
# again once they are gone.
SUBINTERPRETER_SCRIPT = """
import json, os, sys, tempfile
package_directory, cases_source, in_subinterpreter = sys.argv[1:4]
sys.path.insert(0, package_directory)
exec(compile(cases_source, "cases", "exec"))
from lapse import decision

def run_in_subinterpreter(code):
    try:
        import _xxsubinterpreters as interpreters
    except ImportError:
        import _testcapi
        if _testcapi.run_in_subinterp(code) != 0:
            raise RuntimeError("the subinterpreter failed")
        return
    try:
        interp = interpreters.create(isolated=False)  # 3.12: the legacy kind
    except TypeError:
        interp = interpreters.create()
    try:
        interpreters.run_string(interp, code)
    finally:
        interpreters.destroy(interp)

report = {"accelerated": lapse.speedups(), "pure": answers(decision.pure_decide_cancel),
          "main_before": answers(lapse.decide_cancel), "sub": []}
for n in range(2):
    with tempfile.TemporaryDirectory() as directory:
        out = os.path.join(directory, "answers.json")
        run_in_subinterpreter(f"PACKAGE_DIRECTORY = {package_directory!r}\\n"
                              f"CASES_SOURCE = {cases_source!r}\\n"
                              f"OUT = {out!r}\\n" + in_subinterpreter)
        with open(out) as f:
            report["sub"].append(json.load(f))
report["main_after"] = answers(lapse.decide_cancel)
print(json.dumps(report))
"""


def load_module(name: str = "lapse._speedups"):
    """A module object of its own from the accelerator's file (as the
    package loads it from LAPSE_SPEEDUPS), not initialised."""
    import importlib.machinery
    import importlib.util
    path = os.environ["LAPSE_SPEEDUPS"]
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@unittest.skipUnless(lapse.speedups() and os.environ.get("LAPSE_SPEEDUPS", "off") != "off",
                     "lapse._speedups is not built for this interpreter")
class ModuleState(unittest.TestCase):
    """#27: the accelerator keeps its types, caches and slots in the state of
    each module object (PEP 489 multi-phase initialisation), not in statics
    shared by every module made from the file and every interpreter."""

    def some_inputs(self):
        for k in range(40):
            start = D(2021, 1, 1) + datetime.timedelta(days=37 * k)
            yield (lapse.Subscription(start=start, term=12, price=1000 + k,
                                      currency=("EUR", "JPY")[k % 2]),
                   lapse.Request(on=start + datetime.timedelta(days=11 * k),
                                 roles=lapse.Role.BILLING_ADMIN))

    def test_two_module_objects_keep_their_own_state(self):
        first, second = load_module(), load_module()
        self.assertIsNot(first, second)
        self.assertIsNot(first.accelerated, second.accelerated)
        self.assertIsNot(type(first.accelerated), type(second.accelerated))
        self.assertEqual(type(first.accelerated).__module__, "lapse._speedups")
        # Before its init() a module object decides nothing (it used to share
        # the package's module's state, and crashed before any init()).
        s, r = next(self.some_inputs())
        with self.assertRaisesRegex(RuntimeError, r"before init\(\)"):
            first.accelerated(s, r)
        arguments = _decision._speedups_arguments()
        first.init(*arguments)
        self.assertEqual(first.accelerated(s, r), PURE(s, r))
        with self.assertRaisesRegex(RuntimeError, r"before init\(\)"):
            second.decide_cancel(s, r)
        # The second one gets another fallback: only its own calls reach it.
        seen = []

        def recording_fallback(*args, **kwargs):
            seen.append(args)
            return PURE(*args, **kwargs)

        second.init(*arguments[:17], recording_fallback, arguments[18])
        for s, r in self.some_inputs():
            self.assertEqual(outcome(first.accelerated, s, r), outcome(PURE, s, r))
            self.assertEqual(outcome(second.accelerated, s, r), outcome(PURE, s, r))
            self.assertEqual(outcome(lapse.decide_cancel, s, r), outcome(PURE, s, r))
        self.assertEqual(outcome(first.accelerated, s, "not a request"),
                         outcome(PURE, s, "not a request"))
        self.assertEqual(outcome(lapse.decide_cancel, s, "not a request"),
                         outcome(PURE, s, "not a request"))
        self.assertEqual(seen, [])
        self.assertEqual(outcome(second.accelerated, s, "not a request"),
                         outcome(PURE, s, "not a request"))
        self.assertEqual(outcome(second.decide_cancel, s, 1), outcome(PURE, s, 1))
        self.assertEqual(seen, [(s, "not a request", None), (s, 1, None)])

    def test_dropped_module_objects(self):
        # Module objects given the package's objects and dropped (their state
        # cleared by the collector) leave the package's accelerator as it was.
        import gc
        for _ in range(3):
            module = load_module()
            module.init(*_decision._speedups_arguments())
            for s, r in self.some_inputs():
                self.assertEqual(module.accelerated(s, r), PURE(s, r))
            del module
            gc.collect()
        for s, r in self.some_inputs():
            self.assertEqual(lapse.decide_cancel(s, r), PURE(s, r))

    def test_reload_keeps_its_state(self):
        # importlib.reload needs a module its finders find: the build's copy,
        # as the top-level _speedups.  Reloading an extension module with a
        # state runs nothing again: the same callable, still initialised.
        import importlib
        directory = os.path.dirname(os.environ["LAPSE_SPEEDUPS"])
        sys.path.append(directory)
        self.addCleanup(sys.path.remove, directory)
        self.addCleanup(sys.modules.pop, "_speedups", None)
        module = importlib.import_module("_speedups")
        self.assertIsNot(module.accelerated, lapse.decide_cancel)
        module.init(*_decision._speedups_arguments())
        accelerated = module.accelerated
        self.assertIs(importlib.reload(module), module)
        self.assertIs(module.accelerated, accelerated)
        for s, r in self.some_inputs():
            self.assertEqual(module.accelerated(s, r), PURE(s, r))
            self.assertEqual(lapse.decide_cancel(s, r), PURE(s, r))

    def test_in_subinterpreters(self):
        import json
        import subprocess
        package = os.path.dirname(os.path.dirname(os.path.abspath(_decision.__file__)))
        done = subprocess.run([sys.executable, "-c", SUBINTERPRETER_SCRIPT, package,
                               CASES_SOURCE, IN_SUBINTERPRETER],
                              capture_output=True, text=True, timeout=240)
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        report = json.loads(done.stdout)
        pure = report["pure"]
        self.assertEqual(len(pure), 300)
        self.assertTrue(report["accelerated"])
        self.assertEqual(report["main_before"], pure)
        self.assertEqual(len(report["sub"]), 2)
        for sub in report["sub"]:
            self.assertTrue(sub["accelerated"])
            self.assertEqual(sub["type"], "accelerated_function")
            self.assertEqual(sub["pure_answers"], pure)
            self.assertEqual(sub["accelerated_answers"], pure)
        self.assertEqual(report["main_after"], pure)


class Loading(unittest.TestCase):
    def test_loaded_when_named(self):
        named = os.environ.get("LAPSE_SPEEDUPS", "")
        if named == "off":
            self.assertFalse(lapse.speedups())
            self.assertIs(lapse.decide_cancel, PURE)
        elif named:
            self.assertTrue(lapse.speedups(), named)


if __name__ == "__main__":
    unittest.main()
