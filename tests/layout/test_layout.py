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
