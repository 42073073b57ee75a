"""Throwaway PostgreSQL servers for the tests: a private copy of the server
installation with the lapse extension in it, and clusters on Unix sockets
in a temporary directory, stopped and removed when done (also on failure).
The system's own clusters and installation are never touched.

The private installation works because PostgreSQL finds its share and
library directories relative to its own executable: the server programs are
copied (a link would resolve to the system's), every other file is linked.
"""
import atexit
import os
import pathlib
import pwd
import shutil
import signal
import subprocess
import tempfile
import threading

PG_CONFIG = shutil.which("pg_config") or "pg_config"


def pg_setting(flag):
    return subprocess.run([PG_CONFIG, flag], capture_output=True, text=True,
                          check=True).stdout.strip()


def _runner():
    """Commands that create or start a cluster run as postgres when we are
    root (the server refuses root)."""
    if os.geteuid() != 0:
        return [], None
    return ["runuser", "-u", "postgres", "--"], pwd.getpwnam("postgres")


class Installation:
    """A private copy of the server installation with lapse installed."""

    def __init__(self, root, extension_files):
        self.root = pathlib.Path(root)
        bindir, sharedir, libdir = (pg_setting("--bindir"), pg_setting("--sharedir"),
                                    pg_setting("--pkglibdir"))
        self.bindir = self.root / bindir.lstrip("/")
        share = self.root / sharedir.lstrip("/")
        lib = self.root / libdir.lstrip("/")
        for directory in (self.bindir, share / "extension", lib):
            directory.mkdir(parents=True, exist_ok=True)
        for program in ("postgres", "initdb", "pg_ctl"):
            shutil.copy2(pathlib.Path(bindir) / program, self.bindir / program)
        for source, target in ((sharedir, share), (libdir, lib)):
            for entry in pathlib.Path(source).iterdir():
                if entry.name != "extension" and not (target / entry.name).exists():
                    (target / entry.name).symlink_to(entry)
        for entry in (pathlib.Path(sharedir) / "extension").iterdir():
            (share / "extension" / entry.name).symlink_to(entry)
        for path in extension_files:
            path = pathlib.Path(path)
            if path.suffix == ".so":
                shutil.copy2(path, lib / path.name)
            else:
                shutil.copy2(path, share / "extension" / path.name)


class Cluster:
    """One server on a Unix socket in `directory`; stop() removes nothing,
    the owning Servers does."""

    def __init__(self, installation, directory, port, settings=()):
        self.directory = pathlib.Path(directory)
        self.port = port
        self.data = self.directory / "data"
        self.installation = installation
        prefix, user = _runner()
        self.directory.mkdir(parents=True)
        if user:
            os.chown(self.directory, user.pw_uid, user.pw_gid)
        subprocess.run(prefix + [str(installation.bindir / "initdb"), "-D", str(self.data),
                                 "-A", "trust", "-U", "postgres", "--no-sync"],
                       check=True, capture_output=True)
        options = [f"-c listen_addresses=''", f"-k {self.directory}", f"-p {port}",
                   "-c fsync=off", *(f"-c {s}" for s in settings)]
        subprocess.run(prefix + [str(installation.bindir / "pg_ctl"), "-D", str(self.data), "-w",
                                 "-l", str(self.directory / "log"), "-o", " ".join(options),
                                 "start"], check=True, capture_output=True)
        self.running = True

    def stop(self):
        if self.running:
            prefix, _ = _runner()
            subprocess.run(prefix + [str(self.installation.bindir / "pg_ctl"), "-D",
                                     str(self.data), "-m", "immediate", "-w", "stop"],
                           capture_output=True)
            self.running = False

    def connection(self, database="postgres"):
        return ["-h", str(self.directory), "-p", str(self.port), "-U", "postgres", "-d", database]

    def psql(self, sql, database="postgres", check=True):
        """Runs SQL through psql; the rows unaligned, fields separated by |."""
        result = subprocess.run(["psql", "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1",
                                 *self.connection(database)], input=sql, capture_output=True,
                                text=True)
        if check and result.returncode != 0:
            raise AssertionError(f"psql failed: {result.stderr}")
        return result


def _exit_on_signal(signum, frame):
    """A run stopped from outside (meson's timeout, a cancelled CI) exits
    through SystemExit, so that atexit still stops and removes the
    clusters: Python's default SIGTERM ends the process without it."""
    raise SystemExit(128 + signum)


def _stop_clusters_on_termination():
    if threading.current_thread() is not threading.main_thread():
        return
    for number in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(number) is signal.SIG_DFL:
            signal.signal(number, _exit_on_signal)


class Servers:
    """A private installation and the clusters started from it, all removed
    on close() or at exit (also when the run is terminated by a signal)."""

    def __init__(self, extension_files):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="lapse-pg-"))
        os.chmod(self.tmp, 0o755)
        self.installation = Installation(self.tmp / "install", extension_files)
        self.clusters = []
        atexit.register(self.close)
        _stop_clusters_on_termination()

    def start(self, name, settings=()):
        cluster = Cluster(self.installation, self.tmp / name, 54300 + len(self.clusters),
                          settings)
        self.clusters.append(cluster)
        return cluster

    def close(self):
        for cluster in self.clusters:
            cluster.stop()
        self.clusters = []
        shutil.rmtree(self.tmp, ignore_errors=True)


def extension_files():
    """The built extension, from the environment meson sets."""
    return [os.environ["LAPSE_PG_MODULE"], os.environ["LAPSE_PG_CONTROL"],
            os.environ["LAPSE_PG_SQL"]] + \
        ([os.environ["LAPSE_PG_UPDATE"]] if os.environ.get("LAPSE_PG_UPDATE") else [])
