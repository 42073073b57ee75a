#!/usr/bin/env python3
"""Mutation testing of lapse: do the tests catch a one-line change?

Samples one-line mutants of the library's sources (relational, arithmetic,
constant +-1, logical, return value, deleted assignment), builds each in a
private copy of the tree (never the checkout it is run from), runs the C and
property suites and then the rest, and writes a CSV with one row a mutant
and a score:

    killed / (killed + survived)

A mutant whose library objects come out byte for byte the same as the
original's is skipped as equivalent ("same_bytes"); one that does not compile
is "build_error"; neither counts in the score.  A mutant whose tests run past
--timeout is killed ("timeout").

    python3 tests/mutation/mutate.py --seed 1 --count 150 --files 'src/core/*'
    python3 tests/mutation/mutate.py --apply 'src/core/term.c:70:length > 1:length > 2'

Standard library only.  Exits 1 when the score is under --threshold (or the
unmutated tree fails its own tests), 0 otherwise.
"""
import argparse
import csv
import fnmatch
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

MESON_OPTIONS = [
    "--buildtype=release",  # -O3 and no debug info: equivalent code, same bytes
    "-Db_ndebug=false",
    "-Dwerror=false",  # a mutant's new warning is not a kill
    "-Dbenchmarks=false",
    "-Dpostgresql=disabled",
    "-Dsqlite=disabled",
    "-Dpython_speedups=disabled",
]
FIRST_SUITES = ["c", "properties"]
DEFAULT_REST = ["cli"]

# Tokens, longest first, so that "<=" is never read as "<" then "=".
TOKEN = re.compile(
    r"""
    (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<char>'(?:[^'\\\n]|\\.)*')
  | (?P<number>\b(?:0[xX][0-9a-fA-F]+|\d+)(?P<suffix>[uUlL]*)\b)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<op><<=|>>=|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%]=|[-+*/%<>=!&|^~?:;,.(){}\[\]])
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
RELATIONAL = {"<": ["<=", ">="], "<=": ["<", ">"], ">": [">=", "<="], ">=": [">", "<"],
              "==": ["!="], "!=": ["=="]}
ARITHMETIC = {"+": ["-"], "-": ["+"], "*": ["/"], "/": ["*"], "%": ["*"],
              "+=": ["-="], "-=": ["+="]}
LOGICAL = {"&&": ["||"], "||": ["&&"]}
TYPE_WORDS = {"return", "sizeof", "case", "else", "do"}
ASSIGNMENT = re.compile(r"^\s*[A-Za-z_(*][\w.\->\[\]()* ]*?\s*(=|[-+*/%|&^]=|<<=|>>=)\s*[^=].*;\s*$")
POINTER_DECLARATION = re.compile(
    r"^\s*(?:(?:const|static|struct|unsigned|signed|volatile|inline)\s+)*\w+\s*\**\s*$"
    r"|.*[(,]\s*(?:(?:const|struct|unsigned)\s+)*\w+\s*\**\s*$")
# A row of a table (several numbers, nothing computed): data, not decisions.
DATA_ROW = re.compile(r"^[\s{},\d\w\"'.-]*$")
DECLARATION = re.compile(r"^\s*(?:const\s+|static\s+)*[A-Za-z_]\w*\s+\**[A-Za-z_]")


def code_lines(text):
    """Each line with comments blanked out (same length), and whether it
    is a preprocessor line."""
    out, in_comment = [], False
    for line in text.split("\n"):
        chars, i = list(line), 0
        in_string = None
        while i < len(line):
            if in_comment:
                if line.startswith("*/", i):
                    chars[i] = chars[i + 1] = " "
                    in_comment = False
                    i += 2
                    continue
                chars[i] = " "
                i += 1
                continue
            c = line[i]
            if in_string:
                if c == "\\":
                    i += 2
                    continue
                if c == in_string:
                    in_string = None
            elif c in "\"'":
                in_string = c
            elif line.startswith("/*", i):
                chars[i] = chars[i + 1] = " "
                in_comment = True
                i += 2
                continue
            elif line.startswith("//", i):
                for j in range(i, len(line)):
                    chars[j] = " "
                break
            i += 1
        code = "".join(chars)
        out.append((code, code.lstrip().startswith("#")))
    return out


def tokens(code):
    return [(m.lastgroup if m.lastgroup != "suffix" else "number", m.group(), m.start(), m.end())
            for m in TOKEN.finditer(code)]


def line_mutants(path, number, code, previous_code):
    """The mutants of one line: (operator, column, old, new)."""
    found = []
    toks = [t for t in tokens(code) if t[0] != "space"]
    data_row = DATA_ROW.match(code) and sum(1 for t in toks if t[0] == "number") >= 4
    for k, (kind, text, start, end) in enumerate(toks):
        before = toks[k - 1] if k > 0 else None
        binary = before is not None and (before[0] in ("word", "number", "char")
                                         or before[1] in (")", "]")) \
            and before[1] not in TYPE_WORDS
        if kind == "op" and text in RELATIONAL:
            # "<" of a template-like or include context never appears in C
            # code lines outside the preprocessor, which are skipped.
            for new in RELATIONAL[text]:
                found.append(("relational", start, end, new))
        elif kind == "op" and text in ARITHMETIC and (binary or text.endswith("=")):
            if text == "*" and POINTER_DECLARATION.match(code[:start]):
                continue  # "type *name", not a product
            for new in ARITHMETIC[text]:
                found.append(("arithmetic", start, end, new))
        elif kind == "op" and text in LOGICAL:
            for new in LOGICAL[text]:
                found.append(("logical", start, end, new))
        elif kind == "number" and not data_row:
            after = toks[k + 1] if k + 1 < len(toks) else None
            if after is not None and after[1] == "]" and before is not None and before[1] == "[" \
                    and k >= 2 and toks[k - 2][0] == "word" and DECLARATION.match(code):
                continue  # an array's size in a declaration
            m = re.match(r"(0[xX][0-9a-fA-F]+|\d+)([uUlL]*)$", text)
            if not m:
                continue
            digits, suffix = m.groups()
            value = int(digits, 0)
            for new in (value + 1, value - 1):
                if new < 0:
                    continue
                written = hex(new) if digits.lower().startswith("0x") else str(new)
                found.append(("constant", start, end, written + suffix))
        elif kind == "word" and text in ("true", "false") and before is not None \
                and before[1] == "return":
            found.append(("return", start, end, "false" if text == "true" else "true"))
    # return EXPR; -> return 0; (or 1 for "return 0;")
    m = re.match(r"^(\s*return\s+)(.+?)(;\s*)$", code)
    if m and m.group(2) not in ("true", "false"):
        expr = m.group(2).strip()
        new = "1" if expr == "0" else "0"
        found.append(("return", m.start(2), m.end(2), new))
    # A whole assignment statement deleted (kept as an empty statement).
    if ASSIGNMENT.match(code) and not DECLARATION.match(code) \
            and code.count("(") == code.count(")") and code.count("[") == code.count("]") \
            and not re.match(r"^\s*(return|for|if|while|case)\b", code) \
            and (previous_code.rstrip() == "" or previous_code.rstrip()[-1] in ";{}):"
                 or previous_code.strip() == "else"):
        stripped = code.strip()
        left = code.index(stripped)
        found.append(("deleted_assignment", left, left + len(stripped), ";"))
    return found


def enumerate_mutants(root, files):
    mutants = []
    for rel in files:
        with open(os.path.join(root, rel), encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        codes = code_lines(text)
        previous = ""
        depth_inside_function = 0
        for index, (code, preprocessor) in enumerate(codes):
            if preprocessor or not code.strip():
                if code.strip():
                    previous = code
                continue
            # Only code inside a function body or an initializer (braces
            # open): top-level declarations are not decisions.
            if depth_inside_function > 0:
                for operator, start, end, new in line_mutants(rel, index + 1, code, previous):
                    old_line = lines[index]
                    new_line = old_line[:start] + new + old_line[end:]
                    if new_line != old_line:
                        mutants.append({"file": rel, "line": index + 1, "operator": operator,
                                        "original": old_line.strip(), "mutated": new_line.strip(),
                                        "old_line": old_line, "new_line": new_line})
            depth_inside_function += code.count("{") - code.count("}")
            previous = code
    return mutants


class Tree:
    """A private copy of the source tree with its own build directory."""

    def __init__(self, root, head, workdir, log):
        self.root = root
        self.log = log
        self.dir = workdir or tempfile.mkdtemp(prefix="lapse-mutation-")
        self.src = os.path.join(self.dir, "src")
        self.build = os.path.join(self.dir, "build")
        if not os.path.isdir(self.src):
            os.makedirs(self.src)
            self._copy(head)

    def _copy(self, head):
        if os.path.isdir(os.path.join(self.root, ".git")) or os.path.isfile(
                os.path.join(self.root, ".git")):
            if head:
                archive = subprocess.run(["git", "-C", self.root, "archive", "HEAD"],
                                         check=True, stdout=subprocess.PIPE).stdout
                subprocess.run(["tar", "-x", "-C", self.src], input=archive, check=True)
                return
            listed = subprocess.run(["git", "-C", self.root, "ls-files", "-z"], check=True,
                                    stdout=subprocess.PIPE).stdout.decode().split("\0")
            for rel in filter(None, listed):
                source = os.path.join(self.root, rel)
                if not os.path.lexists(source):
                    continue  # deleted in the working tree
                target = os.path.join(self.src, rel)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copy2(source, target, follow_symlinks=False)
            return
        shutil.copytree(self.root, self.src, dirs_exist_ok=True, symlinks=True,
                        ignore=shutil.ignore_patterns("build", "build-*", "__pycache__", ".git"))

    def setup(self):
        if os.path.isfile(os.path.join(self.build, "build.ninja")):
            return True
        result = subprocess.run(["meson", "setup", self.build] + MESON_OPTIONS, cwd=self.src,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if result.returncode:
            self.log(result.stdout)
        return result.returncode == 0

    def compile(self, jobs):
        result = subprocess.run(["ninja", "-C", self.build, "-j", str(jobs)],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return result.returncode == 0, result.stdout

    def library_objects(self):
        with open(os.path.join(self.build, "compile_commands.json"), encoding="utf-8") as f:
            commands = json.load(f)
        return sorted({os.path.join(self.build, c["output"]) for c in commands
                       if "liblapse" in c["output"].split("/")[0]})

    def fingerprint(self):
        digest = hashlib.sha256()
        for path in self.library_objects():
            with open(path, "rb") as f:
                digest.update(f.read())
        return digest.hexdigest()

    def tests(self, suites):
        listed = subprocess.run(["meson", "introspect", self.build, "--tests"], check=True,
                                stdout=subprocess.PIPE, text=True).stdout
        chosen = []
        for suite in suites:
            for test in json.loads(listed):
                if "lapse:" + suite in test["suite"]:
                    chosen.append(test)
        return chosen


def run_test(test, deadline):
    env = dict(os.environ)
    env.update(test.get("env") or {})
    left = deadline - time.monotonic()
    if left <= 0:
        return "timeout"
    try:
        result = subprocess.run(test["cmd"], cwd=test.get("workdir") or None, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                timeout=min(left, test.get("timeout") or 300))
    except subprocess.TimeoutExpired:
        return "timeout"
    if result.returncode == 77:
        return "skip"
    failed = result.returncode != 0 or re.search(rb"^not ok\b", result.stdout, re.MULTILINE)
    return "fail" if failed else "pass"


# The decision and money code drawn twice as often as the rest.
DEFAULT_WEIGHTS = [(g, 2.0) for g in ("*/cancel.c", "*/term.c", "*/plan.h", "*/calendar.h",
                                       "*/checked.h", "*/money.c", "*/status.c",
                                       "*/timeline.c")]


def parse_weight(text):
    pattern, _, weight = text.rpartition("=")
    if not pattern:
        raise SystemExit(f"--weight {text!r}: GLOB=WEIGHT")
    return pattern, float(weight)


def weighted_sample(mutants, weights, count, seed):
    """count mutants without repeats, each drawn with the weight of the last
    glob its file matches (Efraimidis-Spirakis: the largest u^(1/w))."""
    rng = random.Random(seed)

    def weight(m):
        w = 1.0
        for pattern, value in weights:
            if fnmatch.fnmatch(m["file"], pattern):
                w = value
        return w

    keyed = [(rng.random() ** (1.0 / weight(m)) if weight(m) > 0 else -1.0, i, m)
             for i, m in enumerate(mutants)]
    keyed.sort(key=lambda k: (-k[0], k[1]))
    return [m for key, _, m in keyed[:count] if key >= 0]


def read_equivalent(path):
    """The mutants shown equivalent (no test can kill them: the program
    behaves the same), from a file of blocks:

        file: src/core/timeline.c
        original: <the line, stripped>
        mutated: <the mutant's line, stripped>
        why: <the argument>

    Matched by the lines' text, not by number, so that an edit elsewhere in
    the file keeps the entry; an entry whose line changed no longer matches
    and its mutant is sampled again."""
    known = set()
    if not path or not os.path.exists(path):
        return known
    entry = {}
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(list(f) + [""], 1):
            line = raw.rstrip("\n")
            if line.startswith("#"):
                continue
            if not line.strip():
                if entry:
                    missing = [k for k in ("file", "original", "mutated", "why") if k not in entry]
                    if missing:
                        raise SystemExit(f"{path}:{number}: entry without {', '.join(missing)}")
                    known.add((entry["file"], entry["original"], entry["mutated"]))
                entry = {}
                continue
            key, sep, value = line.partition(":")
            if not sep or key not in ("file", "original", "mutated", "why"):
                raise SystemExit(f"{path}:{number}: expected 'file:', 'original:', 'mutated:' "
                                 f"or 'why:', got {line!r}")
            entry[key] = value.strip()
    return known


def parse_apply(text):
    parts = text.split(":", 3)
    if len(parts) != 4:
        raise SystemExit(f"--apply {text!r}: FILE:LINE:OLD:NEW")
    return parts[0], int(parts[1]), parts[2], parts[3]


def main(argv):
    args_log = [a for a in argv if a.startswith("--log-json")]
    if args_log:
        import io
        import contextlib
        captured = io.StringIO()

        class Tee(io.TextIOBase):
            def write(self, text):
                sys.__stdout__.write(text)
                captured.write(text)
                return len(text)

            def flush(self):
                sys.__stdout__.flush()

        with contextlib.redirect_stdout(Tee()):
            code = run(argv)
        index = argv.index(args_log[0])
        path = args_log[0].split("=", 1)[1] if "=" in args_log[0] else argv[index + 1]
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps({"name": "mutation", "result": "OK" if code == 0 else "FAIL",
                                "stdout": captured.getvalue()}) + "\n")
        return code
    return run(argv)


def run(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="the sample's random seed (1)")
    parser.add_argument("--count", type=int, default=20, help="mutants to sample (20)")
    parser.add_argument("--files", nargs="+", default=["src/core/*.c", "src/core/*.h"],
                        help="globs of the sources to mutate, from the tree's root "
                             "(src/core/*.c src/core/*.h)")
    parser.add_argument("--threshold", type=float, default=0.0,
                        help="fail (exit 1) under this score, in percent (0)")
    parser.add_argument("--budget", type=float, default=0,
                        help="seconds for the whole run, the copy's build and baseline "
                             "included: no mutant is started past it, the score is of those "
                             "tried (0: no limit)")
    parser.add_argument("--timeout", type=float, default=300,
                        help="seconds for one mutant's tests; past it, killed (300)")
    parser.add_argument("--rest", default=",".join(DEFAULT_REST),
                        help="meson suites run after c and properties, comma-separated (cli)")
    parser.add_argument("--csv", default="mutation.csv", help="where the rows go (mutation.csv)")
    parser.add_argument("--root", default=ROOT, help="the tree to copy (this checkout)")
    parser.add_argument("--head", action="store_true",
                        help="copy the commit HEAD instead of the working tree's files")
    parser.add_argument("--workdir", help="reuse this private copy (made by an earlier run)")
    parser.add_argument("--keep", action="store_true", help="keep the private copy")
    parser.add_argument("--jobs", type=int, default=2, help="ninja -j (2)")
    parser.add_argument("--weight", action="append", default=[], metavar="GLOB=WEIGHT",
                        help="draw the files matching GLOB with this weight (default: the "
                             "decision and money code 2, the rest 1; 0 leaves a file out)")
    parser.add_argument("--log-json", metavar="PATH",
                        help="also write the result as one line of a meson test log "
                             "(.ci/summary.py counts it as one test)")
    parser.add_argument("--equivalent", default=os.path.join(ROOT, "tests", "mutation",
                                                             "equivalent.txt"),
                        help="mutants shown equivalent, left out of the sample "
                             "(tests/mutation/equivalent.txt)")
    parser.add_argument("--list", action="store_true", help="print the sample and stop")
    parser.add_argument("--apply", action="append", default=[], metavar="FILE:LINE:OLD:NEW",
                        help="this mutant instead of a sample (the first OLD on LINE becomes "
                             "NEW); may be repeated, each tried alone")
    args = parser.parse_args(argv)

    def log(text):
        print(text, flush=True)

    root = os.path.abspath(args.root)
    files = sorted({os.path.relpath(p, root) for pattern in args.files
                    for p in __import__("glob").glob(os.path.join(root, pattern))
                    if p.endswith((".c", ".h"))})
    if args.apply:
        mutants = []
        for text in args.apply:
            rel, line, old, new = parse_apply(text)
            mutants.append({"file": rel, "line": line, "operator": "given", "old": old,
                            "new": new})
    else:
        everything = enumerate_mutants(root, files)
        known = read_equivalent(args.equivalent)
        left_out = [m for m in everything if (m["file"], m["original"], m["mutated"]) in known]
        everything = [m for m in everything
                      if (m["file"], m["original"], m["mutated"]) not in known]
        if left_out:
            log(f"{len(left_out)} mutants left out as shown equivalent ({args.equivalent})")
        weights = DEFAULT_WEIGHTS + [parse_weight(w) for w in args.weight]
        mutants = weighted_sample(everything, weights, args.count, args.seed)
        log(f"{len(everything)} mutants in {len(files)} files; sampled {len(mutants)} "
            f"(seed {args.seed})")
    if args.list:
        for m in mutants:
            log(f"{m['file']}:{m['line']}: {m['operator']}: {m.get('mutated', m.get('new'))}")
        return 0

    began = time.monotonic()
    tree = Tree(root, args.head, args.workdir, log)
    originals = {}

    def restore_all():
        for path, data in originals.items():
            with open(path, "wb") as f:
                f.write(data)

    def interrupted(signum, frame):
        restore_all()
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    rows = []
    try:
        if not tree.setup():
            log("meson setup failed in the private copy")
            return 1
        ok, output = tree.compile(args.jobs)
        if not ok:
            log(output)
            log("the unmutated tree does not build")
            return 1
        baseline = tree.fingerprint()
        suites = FIRST_SUITES + [s for s in args.rest.split(",") if s]
        tests = tree.tests(suites)
        for test in tests:
            outcome = run_test(test, time.monotonic() + (test.get("timeout") or 300))
            if outcome not in ("pass", "skip"):
                log(f"the unmutated tree fails {test['name']}: {outcome}")
                return 1
        log(f"baseline: {len(tests)} tests pass; copy in {tree.dir}")

        for number, m in enumerate(mutants, 1):
            if args.budget and time.monotonic() - began > args.budget:
                log(f"budget of {args.budget:g} s spent: {number - 1} of {len(mutants)} "
                    f"mutants tried")
                break
            path = os.path.join(tree.src, m["file"])
            with open(path, "rb") as f:
                data = f.read()
            originals[path] = data
            lines = data.decode("utf-8").split("\n")
            index = m["line"] - 1
            if "old" in m:  # --apply
                if m["old"] not in lines[index]:
                    log(f"{m['file']}:{m['line']}: {m['old']!r} not on the line: "
                        f"{lines[index].strip()}")
                    return 1
                m["original"] = lines[index].strip()
                lines[index] = lines[index].replace(m["old"], m["new"], 1)
                m["mutated"] = lines[index].strip()
            else:
                if lines[index] != m["old_line"]:
                    log(f"{m['file']}:{m['line']}: line changed in the copy; skipped")
                    continue
                lines[index] = m["new_line"]
            started = time.monotonic()
            status, killer = "survived", ""
            try:
                with open(path, "wb") as f:
                    f.write("\n".join(lines).encode("utf-8"))
                ok, _ = tree.compile(args.jobs)
                if not ok:
                    status = "build_error"
                elif tree.fingerprint() == baseline:
                    status = "same_bytes"
                else:
                    deadline = time.monotonic() + args.timeout
                    for test in tests:
                        outcome = run_test(test, deadline)
                        if outcome in ("fail", "timeout"):
                            status = "killed" if outcome == "fail" else "timeout"
                            killer = test["name"]
                            break
            finally:
                with open(path, "wb") as f:
                    f.write(data)
                del originals[path]
            seconds = time.monotonic() - started
            rows.append({"id": number, "file": m["file"], "line": m["line"],
                         "operator": m["operator"], "status": status, "killed_by": killer,
                         "original": m["original"], "mutated": m["mutated"],
                         "seconds": f"{seconds:.1f}"})
            log(f"[{number}/{len(mutants)}] {status:11} {m['file']}:{m['line']} "
                f"{m['operator']}: {m['mutated']}" + (f"  ({killer})" if killer else ""))
    except KeyboardInterrupt:
        log("interrupted: the copy's sources are restored")
        return 130
    finally:
        restore_all()
        if rows:
            with open(args.csv, "w", newline="", encoding="utf-8") as f:
                writer = csv.DictWriter(f, fieldnames=list(rows[0]))
                writer.writeheader()
                writer.writerows(rows)
        if not args.keep and not args.workdir:
            shutil.rmtree(tree.dir, ignore_errors=True)

    killed = sum(1 for r in rows if r["status"] in ("killed", "timeout"))
    survived = sum(1 for r in rows if r["status"] == "survived")
    same = sum(1 for r in rows if r["status"] == "same_bytes")
    broken = sum(1 for r in rows if r["status"] == "build_error")
    score = 100.0 * killed / (killed + survived) if killed + survived else 100.0
    for r in rows:
        if r["status"] == "survived":
            log(f"survived: {r['file']}:{r['line']}: {r['original']}  ->  {r['mutated']}")
    log(f"score: {score:.1f} % ({killed} killed, {survived} survived; {same} same bytes, "
        f"{broken} did not build; csv {args.csv})")
    if score < args.threshold:
        log(f"under the threshold of {args.threshold:g} %")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
