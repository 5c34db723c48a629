"""Throwaway PostgreSQL / Elasticsearch servers and Chromium lookup for the test suite.

Plain Python (no Flask). tests/conftest.py wraps these in session fixtures::

    url = services.start_postgres(tmp_path_factory.mktemp("pg"))
    url = services.require("postgres", url)   # skip (locally) or fail (CI=true) when None
    yield url
    services.stop_postgres()

- ``start_postgres(tmp_dir)`` / ``stop_postgres()``: SQLAlchemy URL ``postgresql+psycopg://...``,
  or ``$VIECLAM_TEST_POSTGRES_URL`` when set (then nothing is started or stopped).
- ``start_elasticsearch(tmp_dir)`` / ``stop_elasticsearch()``: ``http://127.0.0.1:PORT``, or
  ``$VIECLAM_TEST_ELASTICSEARCH_URL`` when set. The distribution comes from
  ``scripts/setup-test-deps`` (``${VIECLAM_CACHE:-~/.cache/vieclam}/elasticsearch-8.19.7``,
  or ``$VIECLAM_ES_HOME``).
- Both return ``None`` when the server cannot be started; ``unavailable_reason(name)`` says why.
- ``require(name, url, reason=None)`` returns ``url`` or calls ``skip_or_fail``.
- ``skip_or_fail(reason)``: ``pytest.fail`` when ``CI=true``, else a loud ``pytest.skip``.
- ``chromium_path()`` and ``CHROMIUM_ARGS`` for ``playwright`` ``launch(executable_path=..., args=...)``.

Both servers run as an unprivileged user because they refuse to run as root: the current
user when not root, else ``$VIECLAM_TEST_SERVICE_USER``, ``vieclam-test`` (created by
setup-test-deps) or ``nobody``. Each is started in its own process group; stop_* kills
the group, and an ``atexit`` hook stops anything still running.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import json
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, NoReturn

__all__ = [
    "CHROMIUM_ARGS",
    "ES_VERSION",
    "chromium_path",
    "require",
    "skip_or_fail",
    "start_elasticsearch",
    "start_postgres",
    "stop_all",
    "stop_elasticsearch",
    "stop_postgres",
    "unavailable_reason",
]

ES_VERSION = "8.19.7"
PG_DATABASE = "vieclam_test"
PG_START_TIMEOUT = 60.0
ES_START_TIMEOUT = 180.0  # a node on a busy 2-core machine once needed 90 s

CHROMIUM_ARGS: list[str] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]


# --------------------------------------------------------------------------- common


class ServiceUnavailable(Exception):
    """Internal: a server could not be started; the message is the reason."""


@dataclass
class _Running:
    proc: subprocess.Popen[bytes]
    log_path: Path
    log_file: IO[bytes] | None = None


_running: dict[str, _Running] = {}
_reasons: dict[str, str] = {}
_owned_dirs: dict[str, Path] = {}  # private temp dirs to delete when the service stops


def unavailable_reason(service_name: str) -> str | None:
    """Why the last ``start_<service_name>`` returned None (None if it did not fail)."""
    return _reasons.get(service_name)


def skip_or_fail(reason: str) -> NoReturn:
    """Fail the test when ``CI=true`` (a CI run must not silently lose coverage), else skip loudly."""
    import pytest

    if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        pytest.fail(f"{reason} (CI=true, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(
        f"!!! SERVICE UNAVAILABLE — {reason}. Run scripts/setup-test-deps; with CI=true this would FAIL."
    )


def require(service_name: str, url: str | None, reason: str | None = None) -> str:
    """Return ``url`` when the service is up; otherwise ``skip_or_fail`` with the reason."""
    if url:
        return url
    why = reason or unavailable_reason(service_name) or "could not be started"
    skip_or_fail(f"{service_name} is not available: {why}")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _service_user() -> pwd.struct_passwd | None:
    """None means: run as the current (non-root) user."""
    if os.geteuid() != 0:
        return None
    names = [os.environ.get("VIECLAM_TEST_SERVICE_USER", ""), "vieclam-test", "nobody"]
    for name in names:
        if not name:
            continue
        try:
            pw = pwd.getpwnam(name)
        except KeyError:
            continue
        if pw.pw_uid != 0:
            return pw
    raise ServiceUnavailable("running as root and no unprivileged user (vieclam-test or nobody) exists")


def _as_user(pw: pwd.struct_passwd | None) -> tuple[int | None, int | None, list[int] | None]:
    """(user, group, extra_groups) for subprocess; all None means: do not switch user."""
    if pw is None:
        return None, None, None
    return pw.pw_uid, pw.pw_gid, []


def _user_env(pw: pwd.struct_passwd | None, home: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PG", "ES_", "JAVA_TOOL", "_JAVA"))}
    env.pop("JAVA_OPTS", None)
    env.update(HOME=str(home), LC_ALL="C.UTF-8", LANG="C.UTF-8")
    if pw is not None:
        env.update(USER=pw.pw_name, LOGNAME=pw.pw_name)
    env.update(extra)
    return env


def _can_access(pw: pwd.struct_passwd | None, path: Path, mode: str = "-w") -> bool:
    """Whether the service user can reach ``path`` (``test -w``/``-r``)."""
    if pw is None:
        return os.access(path, os.W_OK if mode == "-w" else os.R_OK)
    uid, gid, groups = _as_user(pw)
    res = subprocess.run(["test", mode, str(path)], check=False, user=uid, group=gid, extra_groups=groups)
    return res.returncode == 0


def _make_workdir(tmp_dir: str | os.PathLike[str], name: str, pw: pwd.struct_passwd | None) -> Path:
    """A directory owned by the service user.

    pytest's tmp dirs live under a 0700 root-owned directory the service user cannot
    traverse; in that case a private directory is made under the system temp dir.
    """
    base = Path(tmp_dir)
    base.mkdir(parents=True, exist_ok=True)
    candidate = base / name
    candidate.mkdir(exist_ok=True)
    if pw is not None:
        os.chown(candidate, pw.pw_uid, pw.pw_gid)
    if _can_access(pw, candidate):
        return candidate
    shutil.rmtree(candidate, ignore_errors=True)
    path = Path(tempfile.mkdtemp(prefix=f"vieclam-{name}-"))
    if pw is not None:
        os.chown(path, pw.pw_uid, pw.pw_gid)
    _owned_dirs[name] = path
    # a symlink in tmp_dir so people looking at pytest's tmp dir find the logs
    with contextlib.suppress(OSError):
        candidate.symlink_to(path)
    return path


def _chown_tree(path: Path, pw: pwd.struct_passwd | None) -> None:
    if pw is None:
        return
    for root, dirs, files in os.walk(path):
        os.chown(root, pw.pw_uid, pw.pw_gid)
        for n in dirs + files:
            os.chown(os.path.join(root, n), pw.pw_uid, pw.pw_gid, follow_symlinks=False)


def _log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace").splitlines()
    except OSError:
        return "(no log)"
    return "\n".join(text[-lines:])


def _stop(name: str, sig: int, timeout: float) -> None:
    _stop_process(name, sig, timeout)
    owned = _owned_dirs.pop(name, None)
    if owned is not None:
        shutil.rmtree(owned, ignore_errors=True)


def _stop_process(name: str, sig: int, timeout: float) -> None:
    r = _running.pop(name, None)
    if r is None:
        return
    proc = r.proc
    pgid = proc.pid  # started with process_group=0
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
    # whatever survived in the group (e.g. the ES server JVM under its CLI launcher)
    deadline = time.monotonic() + timeout
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        if time.monotonic() > deadline:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            time.sleep(0.2)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, 0)
                continue
            break
        time.sleep(0.1)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)
    if r.log_file is not None:
        r.log_file.close()


def stop_all() -> None:
    stop_elasticsearch()
    stop_postgres()


atexit.register(stop_all)


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path | None:
    explicit = os.environ.get("VIECLAM_PG_BIN")
    if explicit:
        return Path(explicit)

    def version(p: str) -> tuple[int, ...]:
        m = re.search(r"/postgresql/([\d.]+)/bin", p)
        return tuple(int(x) for x in m.group(1).split(".")) if m else (0,)

    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if os.access(os.path.join(d, "initdb"), os.X_OK) and os.access(os.path.join(d, "postgres"), os.X_OK):
            return Path(d)
    initdb = shutil.which("initdb")
    if initdb and shutil.which("postgres"):
        return Path(initdb).resolve().parent
    return None


def start_postgres(tmp_dir: str | os.PathLike[str]) -> str | None:
    """Start a throwaway PostgreSQL (or use $VIECLAM_TEST_POSTGRES_URL). Returns a SQLAlchemy URL or None."""
    _reasons.pop("postgres", None)
    existing = os.environ.get("VIECLAM_TEST_POSTGRES_URL")
    if existing:
        return re.sub(r"^postgres(ql)?://", "postgresql+psycopg://", existing)
    if "postgres" in _running:
        raise RuntimeError("start_postgres() called twice without stop_postgres()")
    try:
        return _start_postgres(tmp_dir)
    except ServiceUnavailable as exc:
        _reasons["postgres"] = str(exc)
        stop_postgres()
        return None
    except Exception as exc:  # pragma: no cover - report anything odd as a reason
        _reasons["postgres"] = f"{type(exc).__name__}: {exc}"
        stop_postgres()
        return None


def _start_postgres(tmp_dir: str | os.PathLike[str]) -> str:
    bindir = _pg_bindir()
    if bindir is None:
        raise ServiceUnavailable(
            "no PostgreSQL server binaries (initdb/postgres) found; apt-get install postgresql"
        )
    pw = _service_user()
    workdir = _make_workdir(tmp_dir, "postgres", pw)
    data = workdir / "data"
    log_path = workdir / "postgres.log"
    env = _user_env(pw, workdir, {})
    uid, gid, groups = _as_user(pw)

    init = subprocess.run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            "--no-instructions",
        ],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
        user=uid,
        group=gid,
        extra_groups=groups,
    )
    if init.returncode != 0:
        raise ServiceUnavailable(f"initdb failed: {init.stdout.decode(errors='replace')[-2000:]}")

    last_error = ""
    for _attempt in range(3):  # the free port may be taken between probe and bind
        port = _free_port()
        with open(data / "postgresql.auto.conf", "a") as f:
            f.write(
                f"listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = ''\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 100\nshared_buffers = 128MB\n"
                "log_min_messages = warning\nlog_min_error_statement = panic\n"
            )
        log_file = open(log_path, "ab")  # noqa: SIM115 - closed in _stop
        proc = subprocess.Popen(
            [str(bindir / "postgres"), "-D", str(data)],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            process_group=0,
            user=uid,
            group=gid,
            extra_groups=groups,
        )
        _running["postgres"] = _Running(proc, log_path, log_file)
        try:
            _wait_postgres(proc, port, log_path)
        except ServiceUnavailable as exc:
            last_error = str(exc)
            if "could not bind" not in last_error and "already in use" not in last_error:
                raise
            _stop_process("postgres", signal.SIGQUIT, 5)
            continue
        return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{PG_DATABASE}"
    raise ServiceUnavailable(last_error)


def _wait_postgres(proc: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
    import psycopg

    deadline = time.monotonic() + PG_START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise ServiceUnavailable(f"postgres exited with {proc.returncode}:\n{_log_tail(log_path)}")
        try:
            with psycopg.connect(
                host="127.0.0.1",
                port=port,
                user="postgres",
                dbname="postgres",
                connect_timeout=2,
                autocommit=True,
            ) as conn:
                conn.execute(f'CREATE DATABASE "{PG_DATABASE}"')
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise ServiceUnavailable(
                    f"postgres did not accept connections: {exc}\n{_log_tail(log_path)}"
                ) from exc
            time.sleep(0.1)


def stop_postgres() -> None:
    """Fast shutdown (SIGINT to the postmaster's group), SIGKILL after 15 s."""
    _stop("postgres", signal.SIGINT, 15)


# --------------------------------------------------------------------------- Elasticsearch


def _es_home() -> Path:
    explicit = os.environ.get("VIECLAM_ES_HOME")
    if explicit:
        return Path(explicit)
    cache = os.environ.get("VIECLAM_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "vieclam")
    return Path(cache) / f"elasticsearch-{ES_VERSION}"


def _java_home() -> Path | None:
    for var in ("VIECLAM_ES_JAVA_HOME", "ES_JAVA_HOME", "JAVA_HOME"):
        v = os.environ.get(var)
        if v and os.access(os.path.join(v, "bin", "java"), os.X_OK):
            return Path(v)
    java = shutil.which("java")
    if java:
        return Path(java).resolve().parent.parent
    return None


def _es_get(url: str, timeout: float = 5.0) -> dict[str, object]:
    req = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - local test node
        return json.loads(resp.read().decode())


def start_elasticsearch(tmp_dir: str | os.PathLike[str]) -> str | None:
    """Start a throwaway single-node Elasticsearch (or use $VIECLAM_TEST_ELASTICSEARCH_URL)."""
    _reasons.pop("elasticsearch", None)
    existing = os.environ.get("VIECLAM_TEST_ELASTICSEARCH_URL")
    if existing:
        return existing.rstrip("/")
    if "elasticsearch" in _running:
        raise RuntimeError("start_elasticsearch() called twice without stop_elasticsearch()")
    try:
        return _start_elasticsearch(tmp_dir)
    except ServiceUnavailable as exc:
        _reasons["elasticsearch"] = str(exc)
        stop_elasticsearch()
        return None
    except Exception as exc:  # pragma: no cover
        _reasons["elasticsearch"] = f"{type(exc).__name__}: {exc}"
        stop_elasticsearch()
        return None


def _start_elasticsearch(tmp_dir: str | os.PathLike[str]) -> str:
    es_home = _es_home()
    if not (es_home / "bin" / "elasticsearch").exists():
        raise ServiceUnavailable(f"no Elasticsearch distribution at {es_home}; run scripts/setup-test-deps")
    java_home = _java_home()
    if java_home is None:
        raise ServiceUnavailable("no Java found for Elasticsearch (set ES_JAVA_HOME or install openjdk-17)")
    pw = _service_user()
    workdir = _make_workdir(tmp_dir, "elasticsearch", pw)

    # The cache lives under $HOME (often 0700 /root): give the service user a private
    # view of the distribution, hard-linked when possible (same filesystem), else copied.
    if not _can_access(pw, es_home / "lib", "-r"):
        view = workdir / "home"

        def link_or_copy(src: str, dst: str) -> None:
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)

        shutil.copytree(
            es_home,
            view,
            copy_function=link_or_copy,
            symlinks=True,
            ignore=shutil.ignore_patterns("logs", "data"),
        )
        es_home = view

    conf = workdir / "config"
    shutil.copytree(es_home / "config", conf, dirs_exist_ok=True)
    for d in ("data", "logs", "tmp"):
        (workdir / d).mkdir(exist_ok=True)
    port, transport_port = _free_port(), _free_port()
    (conf / "elasticsearch.yml").write_text(
        "cluster.name: vieclam-test\n"
        "node.name: vieclam-test-node\n"
        "network.host: 127.0.0.1\n"
        f"http.port: {port}\n"
        f"transport.port: {transport_port}\n"
        "discovery.type: single-node\n"
        "xpack.security.enabled: false\n"
        "cluster.routing.allocation.disk.threshold_enabled: false\n"
        "action.destructive_requires_name: false\n"
        f"path.data: {workdir / 'data'}\n"
        f"path.logs: {workdir / 'logs'}\n"
    )
    # the stock file logs gc to a path relative to the working dir; keep it in logs/
    jvm = conf / "jvm.options"
    jvm.write_text(jvm.read_text().replace("file=gc.log", f"file={workdir / 'logs' / 'gc.log'}"))
    _chown_tree(workdir, pw)

    env = _user_env(
        pw,
        workdir,
        {
            "ES_JAVA_HOME": str(java_home),
            "ES_PATH_CONF": str(conf),
            "ES_TMPDIR": str(workdir / "tmp"),
            "ES_JAVA_OPTS": "-Xms512m -Xmx512m -XX:-UsePerfData",
        },
    )
    env.pop("JAVA_HOME", None)  # avoids a "warning: ignoring JAVA_HOME" line
    uid, gid, groups = _as_user(pw)
    launch = _EsLaunch(
        command=[str(es_home / "bin" / "elasticsearch")],
        workdir=workdir,
        env=env,
        user=(uid, gid, groups),
        url=f"http://127.0.0.1:{port}",
    )
    global _es_launch
    _es_launch = launch
    return _launch_elasticsearch(launch)


@dataclass
class _EsLaunch:
    """How the node was started, so that ``restart_elasticsearch`` starts it the same way."""

    command: list[str]
    workdir: Path
    env: dict[str, str]
    user: tuple[int | None, int | None, list[int] | None]
    url: str


_es_launch: _EsLaunch | None = None


def _launch_elasticsearch(launch: _EsLaunch) -> str:
    uid, gid, groups = launch.user
    log_path = launch.workdir / "stdout.log"
    log_file = open(log_path, "ab")  # noqa: SIM115 - closed in _stop
    proc = subprocess.Popen(
        launch.command,
        cwd=launch.workdir,
        env=launch.env,
        stdin=subprocess.DEVNULL,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        process_group=0,
        user=uid,
        group=gid,
        extra_groups=groups,
    )
    _running["elasticsearch"] = _Running(proc, log_path, log_file)

    url = launch.url
    deadline = time.monotonic() + ES_START_TIMEOUT
    last = ""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServiceUnavailable(f"elasticsearch exited with {proc.returncode}:\n{_log_tail(log_path)}")
        try:
            health = _es_get(f"{url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5)
            if health.get("status") in ("green", "yellow"):
                return url
            last = f"health {health.get('status')}"
        except (urllib.error.URLError, OSError, ValueError) as exc:
            last = str(exc)
        time.sleep(0.25)
    raise ServiceUnavailable(
        f"elasticsearch not healthy after {ES_START_TIMEOUT:.0f}s ({last}):\n{_log_tail(log_path)}"
    )


def can_restart_elasticsearch() -> bool:
    """True when this test run started the node itself (not $VIECLAM_TEST_ELASTICSEARCH_URL)."""
    return _es_launch is not None and "elasticsearch" in _running


def halt_elasticsearch() -> None:
    """Stop the running node as an operator would (SIGTERM), keeping its data, settings and
    address: ``restart_elasticsearch`` brings the same indexes back on the same URL."""
    _stop_process("elasticsearch", signal.SIGTERM, 30)


def restart_elasticsearch() -> str:
    """Start the node stopped by ``halt_elasticsearch`` again and wait until it is healthy."""
    assert _es_launch is not None, "no node started by this run"
    if "elasticsearch" in _running:
        return _es_launch.url
    return _launch_elasticsearch(_es_launch)


def stop_elasticsearch() -> None:
    """SIGTERM to the node's process group (CLI launcher and server JVM), SIGKILL after 30 s."""
    global _es_launch
    _stop("elasticsearch", signal.SIGTERM, 30)
    _es_launch = None


# --------------------------------------------------------------------------- Chromium


def chromium_path() -> str | None:
    """System Chromium (Debian's /usr/bin/chromium), or $VIECLAM_CHROMIUM; None when absent."""
    explicit = os.environ.get("VIECLAM_CHROMIUM")
    candidates = [explicit] if explicit else []
    candidates += ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"]
    for c in candidates:
        path = c if os.path.isabs(c) else shutil.which(c)
        if path and os.access(path, os.X_OK):
            return path
    return None
