"""The manual pages and the bash completion stay true to the tool: both
pages are clean for mandoc's linter (or groff's warnings), every command
and flag that `--help` lists is in lapse(1) and offered by the completion,
every policy key and preset is in lapse-policy(5), every column the tables
layer knows is in lapse-vectors(5).

Environment: LAPSE_CLI, LAPSE_SOURCE_ROOT (meson sets them)."""
import json
import os
import re
import shutil
import subprocess
import unittest

CLI = os.environ.get("LAPSE_CLI", "build/examples/lapse")
SOURCE = os.environ.get("LAPSE_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PAGES = os.path.join(SOURCE, "docs", "man")
COMPLETION = os.path.join(SOURCE, "examples", "cli", "lapse.bash")
COMMANDS = ["cancel", "status", "timeline", "check", "batch", "policy"]


def helped_flags(command):
    out = subprocess.run([CLI, command, "--help"], capture_output=True, text=True).stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", out)) - {"-"}


def rendered(page):
    """The page as text, as man shows it."""
    out = subprocess.run(["man", "-l", os.path.join(PAGES, page)], capture_output=True,
                         text=True, env=dict(os.environ, MANWIDTH="100", MAN_KEEP_FORMATTING=""))
    return re.sub(r".\x08", "", out.stdout)


def complete(*words):
    """What the completion offers after `lapse WORDS...` (the last word is
    the one being completed)."""
    script = (f"source {COMPLETION}\n"
              f"COMP_WORDS=(lapse {' '.join(repr(w) if w else repr('') for w in words)})\n"
              f"COMP_CWORD={len(words)}\n"
              "_lapse\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n")
    out = subprocess.run(["bash", "--norc", "-c", script], capture_output=True, text=True,
                         cwd=SOURCE)
    return set(out.stdout.split())


def policy_keys():
    """The policy keys in canonical order, as the library's table
    (src/core/policy_keys.h) gives them: `lapse policy show` writes every
    key of lapse_policy_key()."""
    shown = subprocess.run([CLI, "policy", "show"], capture_output=True, text=True).stdout
    keys = re.findall(r"^(\w+) =", shown, re.M)
    assert len(keys) > 20, shown
    return keys


class PolicyKeys(unittest.TestCase):
    """Every list of the policy keys outside the library is the table's
    (#27): the page's, the header's, the tool's JSON."""

    def test_man_page_lists_exactly_the_keys(self):
        with open(os.path.join(PAGES, "lapse-policy.5"), encoding="utf-8") as page:
            source = page.read()
        section = source.split(".Ss Keys", 1)[1].split(".Ss ", 1)[0].split(".El", 1)[0]
        listed = [key.strip() for line in re.findall(r"^\.It Cm (.*)$", section, re.M)
                  for key in line.split(" , ")]
        self.assertEqual(sorted(listed), sorted(policy_keys()))

    def test_header_lists_exactly_the_keys(self):
        with open(os.path.join(SOURCE, "include", "lapse.h"), encoding="utf-8") as header:
            source = header.read()
        comment = re.search(r"Keys, in canonical order\s*\*?\s*\(lapse_policy_key\(\) lists "
                            r"them\):(.*?)\.  Values:", source, re.S)
        self.assertIsNotNone(comment)
        listed = [key.strip(" *\n") for key in comment.group(1).split(",")]
        self.assertEqual(listed, policy_keys())

    def test_json_has_exactly_the_keys(self):
        shown = subprocess.run([CLI, "policy", "show", "--json", "lago-like"],
                               capture_output=True, text=True)
        self.assertEqual(shown.returncode, 0, shown.stderr)
        members = json.loads(shown.stdout)
        # termination_fee's currency is its own member in JSON.
        self.assertEqual(sorted(members),
                         sorted(policy_keys() + ["termination_fee_currency"]))


class DecisionColumns(unittest.TestCase):
    def test_header_lists_the_decision_columns(self):
        """tables.h's list of lapse_decision_column() is the order `lapse
        batch` writes (test_json checks lapse_decision_csv against
        lapse_decision_column)."""
        with open(os.path.join(SOURCE, "include", "lapse", "tables.h"), encoding="utf-8") as h:
            source = h.read()
        comment = re.search(r"index 0\.\. gives (.*?); LAPSE_COLUMN_NONE", source, re.S)
        self.assertIsNotNone(comment)
        listed = [name.strip(" *\n") for name in comment.group(1).split(",")]
        written = subprocess.run([CLI, "batch", "-"], input="start,on\n2025-01-01,2025-02-01\n",
                                 capture_output=True, text=True).stdout.splitlines()[0]
        self.assertEqual(written.split(","), ["line"] + listed + ["error", "error_code",
                                                                  "error_field"])


class ManualPages(unittest.TestCase):
    def test_lint_clean(self):
        for page in ("lapse.1", "lapse-policy.5", "lapse-vectors.5"):
            path = os.path.join(PAGES, page)
            if shutil.which("mandoc"):
                result = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", path],
                                        capture_output=True, text=True)
            else:
                result = subprocess.run(["groff", "-mandoc", "-ww", "-z", path],
                                        capture_output=True, text=True)
            self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""), page)

    def test_every_command_and_flag(self):
        text = rendered("lapse.1")
        for command in COMMANDS:
            self.assertIn(f"lapse {command}", text)
            for flag in helped_flags(command):
                with self.subTest(command=command, flag=flag):
                    self.assertRegex(text, rf"(?<![\w-]){re.escape(flag)}(?![\w-])")
        for section in ("EXIT STATUS", "EXAMPLES", "ENVIRONMENT"):
            self.assertIn(section, text)

    def test_every_policy_key_and_preset(self):
        text = rendered("lapse-policy.5")
        for key in policy_keys():
            self.assertIn(key, text)
        for preset in ("default", "immediate-prorated", "eu-consumer", "evergreen-contract",
                       "killbill-like", "lago-like"):
            self.assertIn(preset, text)

    def test_json_error_keeps_its_quotes(self):
        """A quote that starts a roff argument is eaten: the JSON example of
        lapse(1) is a literal line, shown as the tool writes it."""
        self.assertIn('{"error": {"code": "before_start", "field": "on", "message": "..."}}',
                      rendered("lapse.1"))

    def test_every_column_in_lapse_vectors(self):
        """Every column of the tables layer's table (src/tables/columns.c)
        is a tag of lapse-vectors(5); the tool accepts each of them in a
        vectors header, so the list is the library's."""
        with open(os.path.join(SOURCE, "src", "tables", "columns.c"), encoding="utf-8") as f:
            columns = re.findall(r'\[LAPSE_COLUMN_\w+\] = \{ "(\w+)"', f.read())
        self.assertGreater(len(columns), 40)
        header = "\t".join(columns) + "\n"
        accepted = subprocess.run([CLI, "check", "-"], input=header, capture_output=True,
                                  text=True)
        self.assertEqual((accepted.returncode, accepted.stdout), (0, "0 passed, 0 failed\n"),
                         accepted.stderr)
        with open(os.path.join(PAGES, "lapse-vectors.5"), encoding="utf-8") as page:
            tags = {name.strip() for line in re.findall(r"^\.It Cm (.*)$", page.read(), re.M)
                    for name in line.split(" , ")}
        self.assertEqual(sorted(set(columns) - tags), [])
        self.assertEqual(sorted(tags - set(columns)), [])

    def test_lapse_vectors_example_passes(self):
        """The example file of lapse-vectors(5) passes `lapse check`."""
        with open(os.path.join(PAGES, "lapse-vectors.5"), encoding="utf-8") as page:
            example = page.read().split("# ours.tsv\n", 1)[1].split(".Ed", 1)[0]
        result = subprocess.run([CLI, "check", "-"], input=example, capture_output=True,
                                text=True)
        self.assertEqual((result.returncode, result.stdout), (0, "2 passed, 0 failed\n"),
                         result.stderr)

    def test_see_also_and_help_point_at_lapse_vectors(self):
        self.assertIn("lapse-vectors(5)", rendered("lapse.1"))
        self.assertIn("lapse-vectors(5)", rendered("lapse-policy.5"))
        helped = subprocess.run([CLI, "check", "--help"], capture_output=True, text=True)
        self.assertIn("lapse-vectors(5)", helped.stdout)
        unknown = subprocess.run([CLI, "check", "-"], input="start\ton\tcolour\n",
                                 capture_output=True, text=True)
        self.assertEqual(unknown.stderr, "-:1: header: column 3 'colour': not a known column "
                                         "(lapse-vectors(5) lists them)\n")


class Completion(unittest.TestCase):
    def test_commands(self):
        self.assertEqual(complete(""), set(COMMANDS) | {"--help", "--version", "-V"})
        self.assertEqual(complete("ti"), {"timeline"})

    def test_every_flag_of_every_command(self):
        for command in ("cancel", "status", "timeline", "check", "batch"):
            offered = complete(command, "-")
            for flag in helped_flags(command):
                with self.subTest(command=command, flag=flag):
                    self.assertIn(flag, offered)

    def test_names(self):
        self.assertEqual(complete("cancel", "--role", ""),
                         {"billing-admin", "product-admin", "billing-contact"})
        self.assertEqual(complete("cancel", "--channel", "s"), {"support"})
        self.assertEqual(complete("status", "--lang", ""), {"en", "it"})
        self.assertIn("eu-consumer", complete("batch", "--policy", "eu"))
        self.assertEqual(complete("policy", ""), {"show", "check", "lint"})
        self.assertEqual(complete("cancel", "--provided", "card"), {"card-last4"})


if __name__ == "__main__":
    unittest.main()
