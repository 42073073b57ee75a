"""The throwaway servers are stopped and removed also when the run holding
them is terminated from outside (meson's timeout sends SIGTERM, so does a
cancelled CI), not only when it ends or fails by itself."""
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import unittest

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import pgcluster  # noqa: E402

HERE = pathlib.Path(__file__).parent
CHILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, sys.argv[1])
    import pgcluster
    servers = pgcluster.Servers(pgcluster.extension_files())
    cluster = servers.start("held")
    print(servers.tmp, cluster.data, flush=True)
    time.sleep(300)
""")


def servers_of(data):
    """Server processes running on the data directory `data`."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if command and command[0].endswith(b"postgres") and str(data).encode() in command:
            found.append(int(entry.name))
    return found


def default_dispositions():
    """In the child before it runs: SIGTERM and SIGHUP at their defaults."""
    for number in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)


class Terminated(unittest.TestCase):
    def held_then_killed(self, number):
        # The child's dispositions at their defaults, whatever this run
        # inherited: under nohup SIGHUP is ignored, and pgcluster rightly
        # leaves an ignored signal ignored (its handler goes only over the
        # default one).
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(HERE)],
                                 stdout=subprocess.PIPE, text=True, env=os.environ.copy(),
                                 preexec_fn=default_dispositions)
        tmp = data = None
        status = left = kept = None
        try:
            line = child.stdout.readline().split()
            self.assertEqual(len(line), 2, "the child did not start its cluster")
            tmp, data = pathlib.Path(line[0]), pathlib.Path(line[1])
            self.assertTrue(tmp.is_dir())
            self.assertTrue(servers_of(data), "no server runs on the held cluster")
            child.send_signal(number)
            status = child.wait(timeout=60)
            deadline = time.monotonic() + 20
            while servers_of(data) and time.monotonic() < deadline:
                time.sleep(0.1)
            left, kept = servers_of(data), tmp.exists()
        finally:
            # Whatever happened (a failed assertion, a child that never
            # ended), nothing of the child's is left running or on disk.
            if child.poll() is None:
                child.kill()
                child.wait()
            child.stdout.close()
            if data is not None and servers_of(data):
                prefix, _ = pgcluster._runner()
                subprocess.run(prefix + [str(next(tmp.glob("install/**/bin/pg_ctl"))), "-D",
                                         str(data), "-m", "immediate", "-w", "stop"],
                               capture_output=True)
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        self.assertEqual(status, 128 + number, "not ended through SystemExit")
        self.assertEqual(left, [], "the server outlived its run")
        self.assertFalse(kept, f"{tmp} left behind")

    def test_sigterm_stops_and_removes_the_clusters(self):
        self.held_then_killed(signal.SIGTERM)

    def test_sighup_stops_and_removes_the_clusters(self):
        self.held_then_killed(signal.SIGHUP)


if __name__ == "__main__":
    unittest.main()
