"""The manual pages and the bash completion stay true to the tool: both
pages are clean for mandoc's linter (or groff's warnings), every command
and flag that `--help` lists is in lapse(1) and offered by the completion,
every policy key and preset is in lapse-policy(5), every column the tables
layer knows is in lapse-vectors(5).

Environment: LAPSE_CLI, LAPSE_SOURCE_ROOT (meson sets them)."""
import json
import os
import sys
import re
import shutil
import subprocess
import unittest

CLI = (os.environ.get("LAPSE_CLI") or sys.exit("LAPSE_CLI: the lapse tool to test is not set (meson test sets it)"))
SOURCE = os.environ.get("LAPSE_SOURCE_ROOT", os.path.join(os.path.dirname(__file__), "..", ".."))
PAGES = os.path.join(SOURCE, "docs", "man")
# lapse-policy(5) as built (its key list is written from the library's
# table at build time; the source is docs/man/lapse-policy.5.in).
POLICY_PAGE = (os.environ.get("LAPSE_POLICY_PAGE")
               or sys.exit("LAPSE_POLICY_PAGE: the built lapse-policy.5 is not set (meson test "
                           "sets it)"))


def page_path(page):
    return POLICY_PAGE if page == "lapse-policy.5" else os.path.join(PAGES, page)
COMPLETION = os.path.join(SOURCE, "examples", "cli", "lapse.bash")
COMMANDS = ["cancel", "status", "timeline", "check", "batch", "policy"]


def helped_flags(command):
    out = subprocess.run([CLI, command, "--help"], capture_output=True, text=True).stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", out)) - {"-"}


def rendered(page):
    """The page as text, as man shows it."""
    out = subprocess.run(["man", "-l", page_path(page)], capture_output=True,
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
        """The built page lists each key once, in canonical order, with every
        name of its values and its default as `lapse policy show` writes it;
        its source has no list of its own (the build writes it from
        LAPSE__POLICY_TABLE)."""
        with open(POLICY_PAGE, encoding="utf-8") as page:
            source = page.read()
        section = source.split(".Ss Keys", 1)[1].split(".Ss ", 1)[0].split(".El", 1)[0]
        entries = re.split(r"^\.It Cm ", section, flags=re.M)[1:]
        listed = [entry.split("\n", 1)[0] for entry in entries]
        self.assertEqual(listed, policy_keys())
        shown = dict(re.findall(r"^(\w+) = (.*)$", subprocess.run(
            [CLI, "policy", "show"], capture_output=True, text=True).stdout, re.M))
        for key, entry in zip(listed, entries):
            with self.subTest(key=key):
                default = re.search(r"^Default(?:\n\.Ar (\S+) \.| (\S+)\.)$", entry, re.M)
                self.assertIsNotNone(default, entry)
                self.assertEqual(default.group(1) or default.group(2), shown[key])
        with open(os.path.join(PAGES, "lapse-policy.5.in"), encoding="utf-8") as template:
            self.assertNotIn(".It Cm", template.read().split(".Ss Keys", 1)[1].split(".Ss ")[0])

    def test_header_lists_exactly_the_keys(self):
        """lapse.h lists the keys once, as the KEY rows of
        LAPSE__POLICY_TABLE (which declares struct lapse_policy), in the
        canonical order of their `order` column; its prose names no list of
        its own but points there."""
        with open(os.path.join(SOURCE, "include", "lapse.h"), encoding="utf-8") as header:
            source = header.read()
        table = source.split("#define LAPSE__POLICY_TABLE(KEY, FIELD)", 1)[1]
        table = table.split("/* clang-format on */", 1)[0].replace("\\\n", " ")
        rows = re.findall(r"\bKEY\(\s*(\w+),\s*(\w+),\s*\w+,\s*\w+,[^\"]*?,\s*(\d+),\s*(\d+),\s*\"",
                          table, re.S)
        by_order = sorted(rows, key=lambda row: int(row[2]))
        self.assertEqual([field for _, field, _, _ in by_order], policy_keys())
        self.assertEqual(sorted(int(row[2]) for row in rows), list(range(len(rows))))
        self.assertIn("The keys are the KEY rows of\n * LAPSE__POLICY_TABLE", source)
        self.assertNotIn("contract_roles, rounding", source)

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
        lapse_decision_column), then item_results (lapse_decide_items)."""
        with open(os.path.join(SOURCE, "include", "lapse", "tables.h"), encoding="utf-8") as h:
            source = h.read()
        comment = re.search(r"index 0\.\. gives (.*?); LAPSE_COLUMN_NONE", source, re.S)
        self.assertIsNotNone(comment)
        listed = [name.strip(" *\n") for name in comment.group(1).split(",")]
        written = subprocess.run([CLI, "batch", "-"], input="start,on\n2025-01-01,2025-02-01\n",
                                 capture_output=True, text=True).stdout.splitlines()[0]
        self.assertEqual(written.split(","), ["line"] + listed + ["item_results", "error",
                                                                  "error_code", "error_field"])


class ManualPages(unittest.TestCase):
    def test_lint_clean(self):
        for page in ("lapse.1", "lapse-policy.5", "lapse-vectors.5"):
            path = page_path(page)
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
                       "killbill-like", "killbill-fixed30", "lago-advance", "lago-arrears",
                       "lago-like"):
            self.assertIn(preset, text)

    def test_json_error_keeps_its_quotes(self):
        """A quote that starts a roff argument is eaten: the JSON example of
        lapse(1) is a literal line, shown as the tool writes it."""
        self.assertIn('{"error": {"code": "before_start", "field": "on", "message": "..."}}',
                      rendered("lapse.1"))

    def test_every_column_in_lapse_vectors(self):
        """Every column of the tables layer's table (src/tables/columns.h)
        is a tag of lapse-vectors(5); the tool accepts each of them in a
        vectors header, so the list is the library's."""
        known = sorted(columns())
        self.assertGreater(len(known), 40)
        header = "\t".join(known) + "\n"
        accepted = subprocess.run([CLI, "check", "-"], input=header, capture_output=True,
                                  text=True)
        self.assertEqual((accepted.returncode, accepted.stdout), (0, "0 passed, 0 failed\n"),
                         accepted.stderr)
        with open(os.path.join(PAGES, "lapse-vectors.5"), encoding="utf-8") as page:
            tags = {name.strip() for line in re.findall(r"^\.It Cm (.*)$", page.read(), re.M)
                    for name in line.split(" , ")}
        self.assertEqual(sorted(set(known) - tags), [])
        self.assertEqual(sorted(tags - set(known)), [])

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


DOCS = ["README.md"] + sorted(os.path.join("docs", name)
                              for name in os.listdir(os.path.join(SOURCE, "docs"))
                              if name.endswith(".md"))


def read(name):
    with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
        return f.read()


def prose(text):
    """The text without fenced code blocks (their lines are not links)."""
    return re.sub(r"(?ms)^```.*?^```", "", text)


def slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation but - and _
    dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(text):
    return {slug(h) for h in re.findall(r"^#+ (.*)$", prose(text), re.M)}


def all_flags():
    return set().union(*(helped_flags(command) for command in COMMANDS)) | {"--help", "-V",
                                                                         "--version"}


def columns():
    """The column names of the library's table (src/tables/columns.h)."""
    with open(os.path.join(SOURCE, "src", "tables", "columns.h"), encoding="utf-8") as f:
        names = set(re.findall(r"^    X\(\w+, (\w+),", f.read(), re.M))
    assert len(names) > 40, names
    return names


def table_first_cells(text, header):
    """The `code` of the first cell of every row of the tables whose first
    header cell is HEADER."""
    names, inside = [], False
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            inside = False
        elif cells[0] == header:
            inside = True
        elif inside and not set(cells[0]) <= set("- "):
            names.append(re.fullmatch(r"`([^`]+)`", cells[0]).group(1))
    return names


class DocsPages(unittest.TestCase):
    """The README and docs/*.md (#26): every relative link resolves, to a
    file and to a heading; every flag, column, JSON key and policy key they
    name is the tool's."""

    def test_links_resolve(self):
        checked = 0
        for name in DOCS:
            text = read(name)
            for target in re.findall(r"\]\(([^)\s]+)\)", prose(text)):
                if re.match(r"[a-z]+:", target):
                    continue
                checked += 1
                path, _, anchor = target.partition("#")
                with self.subTest(doc=name, link=target):
                    file = os.path.normpath(os.path.join(SOURCE, os.path.dirname(name), path)) \
                        if path else os.path.join(SOURCE, name)
                    self.assertTrue(os.path.exists(file), file)
                    self.assertTrue(os.path.realpath(file).startswith(os.path.realpath(SOURCE)))
                    if anchor:
                        with open(file, encoding="utf-8") as f:
                            self.assertIn(anchor, anchors(f.read()))
        self.assertGreater(checked, 20)

    def test_slug(self):
        self.assertEqual(slug("The `lapse` command-line tool"), "the-lapse-command-line-tool")
        self.assertEqual(slug("History of the performance work"),
                         "history-of-the-performance-work")

    def test_readme_links_every_docs_page(self):
        readme = read("README.md")
        for name in DOCS[1:]:
            self.assertIn(f"]({name})", readme)

    def test_command_lines_use_the_commands_flags(self):
        """A `lapse COMMAND ...` line, in code or a code span, uses only
        that command's flags."""
        commands = "|".join(COMMANDS)
        seen = 0
        for name in DOCS:
            spans = re.findall(r"`([^`\n]+)`", prose(read(name))) + read(name).splitlines()
            for span in spans:
                for command, rest in re.findall(rf"\blapse ({commands})\b([^|#`]*)", span):
                    for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", rest):
                        seen += 1
                        with self.subTest(doc=name, line=span, flag=flag):
                            self.assertIn(flag, helped_flags(command) | {"--help"})
        self.assertGreater(seen, 10)

    def test_cli_sections_name_their_commands_flags(self):
        """docs/cli.md: a flag under `### lapse COMMAND` is that command's;
        any other flag is some command's."""
        text = prose(read(os.path.join("docs", "cli.md")))
        everything = all_flags()
        sections = re.split(r"(?m)^(#+ .*)$", text)
        seen = set()
        for heading, body in zip(sections[1::2], sections[2::2]):
            command = re.fullmatch(r"### `lapse (\w+)`", heading)
            allowed = helped_flags(command.group(1)) if command else everything
            spans = re.findall(r"`([^`]*)`", body)
            for flag in (f for span in spans
                         for f in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", span)):
                seen.add(flag)
                with self.subTest(section=heading, flag=flag):
                    self.assertIn(flag, allowed)
        # Every flag of every command is documented.
        self.assertEqual(sorted(everything - seen - {"--help"}), [])

    def test_columns_tables_name_the_librarys_columns(self):
        known = columns()
        listed = []
        for name in DOCS:
            listed += table_first_cells(read(name), "column")
        self.assertGreater(len(listed), 15)
        for column in listed:
            self.assertIn(column, known)
        # The batch input columns, every one (the decision's own are in JSON).
        helped = subprocess.run([CLI, "batch", "--help"], capture_output=True, text=True).stdout
        inputs = re.search(r"input columns \((.*?);", helped, re.S).group(1)
        self.assertEqual(sorted(set(listed) - {"policy"}),
                         sorted(c.strip() for c in inputs.split(",")))

    def test_json_keys_are_the_tools(self):
        text = read(os.path.join("docs", "cli.md"))
        for command, args in (("cancel", ["--start", "2025-01-01", "--on", "2025-02-01"]),
                              ("status", ["--start", "2025-01-01", "--on", "2025-02-01"])):
            section = text.split(f"### `lapse {command}`", 1)[1].split("\n#", 1)[0]
            listed = re.search(r"prints one object with the keys:(.*?)\.", section, re.S).group(1)
            keys = re.findall(r"`(\w+)`", listed)
            out = subprocess.run([CLI, command, *args, "--json"], capture_output=True, text=True)
            self.assertEqual(keys, list(json.loads(out.stdout)), command)

    def test_policy_keys_and_defaults(self):
        shown = subprocess.run([CLI, "policy", "show", "default"], capture_output=True,
                               text=True).stdout
        defaults = dict(re.findall(r"^(\w+) = (.*)$", shown, re.M))
        text = read(os.path.join("docs", "policies.md"))
        rows = {}
        for line in text.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("| `") and len(cells) == 3:
                rows[cells[0].strip("`")] = cells[2].strip("`")
        self.assertEqual(rows, defaults)
        self.assertEqual(list(rows), policy_keys())


if __name__ == "__main__":
    unittest.main()
