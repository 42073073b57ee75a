"""The README's "Two commands" section names every Debian package that
.ci/deps.sh installs (the demo's, then the test command's), so the list a
new user reads is the list that gets installed."""
import os
import pathlib
import re
import unittest

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT") or pathlib.Path(__file__).resolve().parents[2])


def deps_sh():
    """(the demo's packages, the test command's extra packages)"""
    text = (ROOT / ".ci" / "deps.sh").read_text()
    demo, ci = text.split('if [ "${LAPSE_CI:-0}" = 1 ]; then', 1)
    names = lambda part: {name.replace("$pg", "15") for group in
                          re.findall(r"missing\+=\(([^)]*)\)", part) for name in group.split()}
    return names(demo), names(ci) - names(demo)


def readme():
    text = (ROOT / "README.md").read_text()
    section = text.split("\n## Two commands\n", 1)[1].split("\n## ", 1)[0]
    paragraph = re.search(r"Both install what is missing.*?(?:\n\n|$)", section, re.S).group(0)
    demo, ci = paragraph.split("the test command also", 1)
    names = lambda part: set(re.findall(r"`([a-z0-9][a-z0-9.+-]*)`", part)) - {"sudo"}
    return names(demo), names(ci)


class ReadmeDependencies(unittest.TestCase):
    def test_readme_lists_every_package_deps_sh_installs(self):
        demo, ci = deps_sh()
        readme_demo, readme_ci = readme()
        self.assertEqual(readme_demo, demo)
        self.assertEqual(readme_ci, ci)


if __name__ == "__main__":
    unittest.main()
