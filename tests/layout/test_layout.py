"""The project's layout holds: the core never includes the tables layer,
every private header stands alone and survives a double include, nothing
refers to material outside the repository, and the rule map of
docs/rules.md names functions and tests that exist."""
import os
import pathlib
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT",
                                   pathlib.Path(__file__).resolve().parents[2]))
SKIP = {".git", "build", "__pycache__"}


def project_files(*suffixes):
    for path in sorted(ROOT.rglob("*")):
        if path.is_file() and path.suffix in suffixes and \
                not SKIP.intersection(path.relative_to(ROOT).parts):
            yield path


class Layering(unittest.TestCase):
    def test_core_never_includes_a_layer(self):
        for path in project_files(".c", ".h"):
            if path.relative_to(ROOT).parts[:2] != ("src", "core"):
                continue
            for include in re.findall(r'#\s*include\s*[<"]([^>"]+)[>"]', path.read_text()):
                with self.subTest(file=str(path.relative_to(ROOT)), include=include):
                    self.assertNotIn("tables", include)
                    self.assertFalse(include.startswith(".."))

    def test_public_core_header_does_not_know_tables(self):
        text = (ROOT / "include" / "lapse.h").read_text()
        for word in ("lapse_column", "lapse_table", "lapse_row", "lapse_decide_csv", "CSV_SYNTAX"):
            self.assertNotIn(word, text)
        self.assertIn('#include "lapse.h"', (ROOT / "include" / "lapse" / "tables.h").read_text())

    def test_private_headers_stand_alone_and_survive_a_double_include(self):
        cc = shutil.which(os.environ.get("CC", "cc"))
        if cc is None:
            self.skipTest("no C compiler")
        build = pathlib.Path(tempfile.mkdtemp())
        try:
            # The generated version header, as Meson writes it.
            (build / "lapse").mkdir()
            (build / "lapse" / "version.h").write_text(
                "#define LAPSE_VERSION_MAJOR 0\n#define LAPSE_VERSION_MINOR 0\n"
                "#define LAPSE_VERSION_PATCH 0\n#define LAPSE_VERSION_STRING \"0.0.0\"\n"
                "#define LAPSE_VERSION_NUMBER 0\n")
            for header in project_files(".h"):
                parts = header.relative_to(ROOT).parts
                if parts[0] not in ("src", "include"):
                    continue
                with self.subTest(header=str(header.relative_to(ROOT))):
                    source = build / "t.c"
                    source.write_text(f'#include "{header}"\n#include "{header}"\n'
                                      "int lapse_layout_test;\n")
                    result = subprocess.run(
                        [cc, "-std=c11", "-fsyntax-only", "-Werror", "-I", str(build),
                         "-I", str(ROOT / "include"), "-I", str(ROOT / "src"), str(source)],
                        capture_output=True, text=True)
                    self.assertEqual(result.returncode, 0, result.stderr)
        finally:
            shutil.rmtree(build)

    def test_no_catch_all_header(self):
        self.assertFalse((ROOT / "src" / "internal.h").exists())


# The header of a source file, when it is not the file's own name (why).
OWN_HEADER = {
    "src/core/error.c": ("src/core/fail.h",
                         "named for what its callers do: record an error and fail"),
    "src/core/date.c": ("src/core/calendar.h",
                        "the calendar kernels are inline there; date.c holds their table"),
}
# Source files with no header of their own: they define only functions
# exported through include/ (the test checks that they define nothing else).
NO_HEADER = {
    "src/core/explain.c": "lapse_explain* (lapse.h)",
    "src/core/lint.c": "lapse_policy_lint (lapse.h)",
    "src/core/status.c": "lapse_status* (lapse.h)",
    "src/core/timeline.c": "lapse_timeline (lapse.h)",
    "src/tables/check.c": "lapse_check_row (lapse/tables.h)",
    "src/tables/csv.c": "lapse_decide_csv (lapse/tables.h)",
    "src/tables/json.c": "lapse_decision_json (lapse/tables.h)",
    "src/tables/zone_load.c": "lapse_zone_load (lapse/tables.h)",
}

# A private symbol defined at file scope (not static) in a source file.
DEFINED = re.compile(r"(?m)^(?!static\b)[a-z][^;{}()]*?\b(lapse__\w+)\s*(?:\(|\[[^\]]*\]\s*=|=)")
# A private function or object declared (not defined inline) in a header.
DECLARED = re.compile(r"(?m)^(?!static\b|typedef\b|#)[a-z][^;{}()=]*?\b(lapse__\w+)\s*(?:\([^;{]*\)[^;{]*;|\[[^\]]*\];|;)")
INCLUDE = re.compile(r'(?m)^\s*#\s*include\s*"([^"]+)"')


def source_files(suffix):
    return sorted(p for p in (ROOT / "src").rglob("*" + suffix) if p.is_file())


def rel(path):
    return path.relative_to(ROOT).as_posix()


def own_header(source):
    name = rel(source)
    if name in OWN_HEADER:
        return ROOT / OWN_HEADER[name][0]
    return source.with_suffix(".h")


def definitions(source):
    return set(DEFINED.findall(source.read_text()))


class OneHeaderPerSource(unittest.TestCase):
    """Each source file of src/ has one header of its own, which declares
    what it defines and nothing another file defines (#27)."""

    def test_every_source_has_its_own_header(self):
        for source in source_files(".c"):
            name = rel(source)
            with self.subTest(source=name):
                if name in NO_HEADER:
                    self.assertEqual(definitions(source), set(),
                                     f"{name} is listed as defining only exported functions")
                    continue
                header = own_header(source)
                self.assertTrue(header.is_file(), f"{name} has no header {rel(header)}")
                includes = INCLUDE.findall(source.read_text())
                self.assertTrue(includes, f"{name} includes nothing")
                self.assertEqual((source.parent / includes[0]).resolve(), header.resolve(),
                                 f"{name} does not include {rel(header)} first")
                declared = set(DECLARED.findall(header.read_text()))
                self.assertEqual(definitions(source) - declared, set(),
                                 f"defined in {name}, not declared in {rel(header)}")

    def test_a_header_declares_only_its_source(self):
        owner = {own_header(s).resolve(): s for s in source_files(".c") if rel(s) not in NO_HEADER}
        defined = {s.resolve(): definitions(s) for s in source_files(".c")}
        for header in source_files(".h"):
            declared = set(DECLARED.findall(header.read_text()))
            with self.subTest(header=rel(header)):
                if not declared:
                    continue  # inline helpers and types only
                self.assertIn(header.resolve(), owner, f"{rel(header)} declares {sorted(declared)} "
                              "but is no source file's header")
                source = owner[header.resolve()]
                self.assertEqual(declared - defined[source.resolve()], set(),
                                 f"declared in {rel(header)}, not defined in {rel(source)}")

    def test_exceptions_are_real(self):
        for name in list(NO_HEADER) + list(OWN_HEADER):
            self.assertTrue((ROOT / name).is_file(), name)
        for name in NO_HEADER:
            self.assertFalse((ROOT / name).with_suffix(".h").exists(), name)

    def test_the_checks_see_what_they_look_for(self):
        # The patterns find a definition and a declaration: the test above
        # would pass vacuously otherwise.
        self.assertIn("lapse__term_at", definitions(ROOT / "src/core/term.c"))
        self.assertIn("lapse__two_digits", definitions(ROOT / "src/core/text.c"))
        self.assertIn("lapse__default_policy", definitions(ROOT / "src/core/model.c"))
        declared = set(DECLARED.findall((ROOT / "src/core/term.h").read_text()))
        self.assertIn("lapse__term_at", declared)
        self.assertNotIn("lapse__boundary", declared)  # inline, defined there
        self.assertIn("lapse__two_digits", DECLARED.findall((ROOT / "src/core/text.h").read_text()))


def include_graph():
    """The #include "..." edges among the files of src/ (as the compiler
    resolves them: the including file's folder, then src/, then include/)."""
    graph = {}
    for path in source_files(".c") + source_files(".h"):
        edges = set()
        for include in INCLUDE.findall(path.read_text()):
            for folder in (path.parent, ROOT / "src", ROOT / "include"):
                target = folder / include
                if target.is_file():
                    if (ROOT / "src") in target.resolve().parents:
                        edges.add(target.resolve())
                    break
        graph[path.resolve()] = edges
    return graph


def find_cycle(graph):
    state, stack = {}, []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


class IncludeGraph(unittest.TestCase):
    def test_no_include_cycles(self):
        cycle = find_cycle(include_graph())
        self.assertIsNone(cycle, " -> ".join(rel(p) for p in cycle or []))

    def test_the_cycle_finder_finds_one(self):
        a, b, c = (pathlib.Path(n) for n in ("a.h", "b.h", "c.h"))
        self.assertEqual(find_cycle({a: {b}, b: {c}, c: {a}}), [a, b, c, a])
        self.assertIsNone(find_cycle({a: {b, c}, b: {c}, c: set()}))
        graph = include_graph()
        self.assertIn((ROOT / "src/core/plan.h").resolve(),
                      graph[(ROOT / "src/core/term.h").resolve()])


class SelfContained(unittest.TestCase):
    def test_nothing_refers_outside_the_repository(self):
        # Spelled in two pieces so that this file does not match itself.
        outside = ("shared" + "/", "RULES" + ".md")
        for path in project_files(".c", ".h", ".md", ".py", ".build", ".sh"):
            text = path.read_text(errors="replace")
            for word in outside:
                self.assertFalse(word in text, f"{path.relative_to(ROOT)} refers to {word}")

    def test_readme_shows_the_layout(self):
        readme = (ROOT / "README.md").read_text()
        for folder in ("include/", "src/core/", "src/tables/", "tests/", "examples/",
                       "bindings/", "bench/", "docs/"):
            self.assertIn(folder, readme)
        self.assertIn("docs/rules.md", readme)
        self.assertIn("docs/rules.md", (ROOT / "include" / "lapse.h").read_text())


class RuleMap(unittest.TestCase):
    def rows(self):
        text = (ROOT / "docs" / "rules.md").read_text()
        section = text[text.index("## Rule map"):]
        for line in section.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) == 3 and cells[0] not in ("rule", "---"):
                yield cells

    @staticmethod
    def entries(cell):
        """'file: a, b; file2: c' as (file, name) pairs."""
        for part in cell.split(";"):
            if ":" not in part:
                continue
            file, names = part.split(":", 1)
            for name in names.split(","):
                yield file.strip(), name.strip()

    def test_every_rule_is_mapped(self):
        rules = {row[0] for row in self.rows()}
        for number in range(1, 15):
            self.assertIn(f"R{number}", rules)

    def test_every_function_exists(self):
        for rule, code, _ in self.rows():
            for file, name in self.entries(code):
                with self.subTest(rule=rule, file=file, name=name):
                    path = ROOT / file
                    self.assertTrue(path.is_file(), file)
                    if path.suffix in (".c", ".h"):
                        self.assertRegex(path.read_text(),
                                         rf"(?m)^[a-z_].*\b{re.escape(name)}\(")

    def test_every_test_exists(self):
        for rule, _, tests in self.rows():
            for file, name in self.entries(tests):
                with self.subTest(rule=rule, file=file, name=name):
                    path = ROOT / file
                    self.assertTrue(path.is_file(), file)
                    self.assertRegex(path.read_text(), rf"\b{re.escape(name)}\(")


if __name__ == "__main__":
    unittest.main()
