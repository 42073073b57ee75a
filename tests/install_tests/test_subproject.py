"""Optional things stay optional: lapse configures without the cmake
program and, with -Dtests=false, without cmocka; used as a Meson subproject
(docs/c.md's .wrap) it builds only the library and lapse_dep.  Everything
in a temporary directory, offline; nothing is written into the source tree.
"""
import os
import pathlib
import shutil
import subprocess
import tempfile
import textwrap
import unittest

ROOT = pathlib.Path(os.environ.get("LAPSE_SOURCE_ROOT") or pathlib.Path(__file__).resolve().parents[2])
MESON = shutil.which("meson")


def run(args, **kwargs):
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, args))} failed ({result.returncode}):\n"
                             f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return result.stdout


def hidden_tools_env(tmp):
    """cmake unfindable (PATH is a copy of PATH without it) and cmocka too
    (pkg-config searches an empty directory)."""
    bin_dir = tmp / "bin"
    bin_dir.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        if not os.path.isdir(directory):
            continue
        for name in os.listdir(directory):
            path = os.path.join(directory, name)
            if name != "cmake" and not (bin_dir / name).exists() and os.access(path, os.X_OK) \
                    and os.path.isfile(path):
                (bin_dir / name).symlink_to(path)
    empty = tmp / "empty-pkgconfig"
    empty.mkdir()
    env = dict(os.environ, PATH=str(bin_dir), PKG_CONFIG_LIBDIR=str(empty), PKG_CONFIG_PATH="")
    assert shutil.which("cmake", path=env["PATH"]) is None
    return [], env


@unittest.skipUnless(MESON, "meson is not installed")
class Optional(unittest.TestCase):
    def test_setup_without_cmake_or_cmocka(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            native, env = hidden_tools_env(tmp)
            run([MESON, "setup", tmp / "b", ROOT, "-Dtests=false", "-Dbenchmarks=false",
                 *native], env=env)
            version = (tmp / "b" / "lapseConfigVersion.cmake").read_text()
            self.assertIn('set(PACKAGE_VERSION "', version)
            self.assertIn("PACKAGE_VERSION_COMPATIBLE TRUE", version)
            self.assertTrue((tmp / "b" / "lapseConfig.cmake").is_file())

    def test_as_a_subproject_only_the_library(self):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = pathlib.Path(tmp)
            native, env = hidden_tools_env(tmp)
            project = tmp / "app"
            (project / "subprojects").mkdir(parents=True)
            (project / "meson.build").write_text(textwrap.dedent("""\
                project('app', 'c', default_options: ['c_std=c11'])
                executable('app', 'app.c', dependencies: dependency('lapse'))
                """))
            (project / "app.c").write_text(textwrap.dedent("""\
                #include <lapse.h>
                #include <stdio.h>
                int main(void)
                {
                    lapse_date d;
                    char text[LAPSE_DATE_TEXT_SIZE];
                    if (lapse_date_parse("2024-01-31", &d) != LAPSE_OK ||
                        lapse_date_add_months(d, 1, &d))
                        return 1;
                    lapse_date_format(d, text, sizeof text);
                    printf("%s\\n", text);
                    return 0;
                }
                """))
            # The README's wrap file; the source is already in place (as a
            # git submodule or a copy would be), so nothing is fetched.
            (project / "subprojects" / "lapse.wrap").write_text(textwrap.dedent(f"""\
                [wrap-git]
                url = {ROOT}
                revision = HEAD
                depth = 1

                [provide]
                lapse = lapse_dep
                """))
            (project / "subprojects" / "lapse").symlink_to(ROOT, target_is_directory=True)
            build = tmp / "build"
            run([MESON, "setup", build, project, "--wrap-mode=nodownload", *native], env=env)
            import json
            targets = json.loads(run([MESON, "introspect", "--targets", build]))
            built = sorted((t["name"], t["type"]) for t in targets)
            self.assertEqual(built, [("app", "executable"), ("lapse", "shared library"),
                                     ("lapse", "static library")])
            run(["ninja", "-C", build], env=env)
            self.assertEqual(run([build / "app"]), "2024-02-29\n")


if __name__ == "__main__":
    unittest.main()
