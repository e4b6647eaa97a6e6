"""Task logic for Cartellone (invoke 3).

The Makefile is the zero-install entry point: it creates ``.venv`` and then
runs ``.venv/bin/invoke <task>``.  Every external command is run through the
virtualenv's own executables (the folder of ``sys.executable``), so the tasks
work without activating the virtualenv.

Extra arguments for the underlying tool go after ``--``, e.g.::

    make test ARGS="-- -k venue -x"        # -> pytest -n auto -k venue -x
    make check ARGS="--since origin/main --format markdown"
"""

from __future__ import annotations

import http.server
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time
from functools import partial
from pathlib import Path

from invoke import Context, task
from invoke.exceptions import Exit

ROOT = Path(__file__).resolve().parent
# Do not .resolve() sys.executable: in a venv that would follow the symlink to
# the base interpreter and lose the venv's site-packages and scripts.
BIN = Path(sys.executable).parent
PYTHON = str(Path(sys.executable))

OUTPUT = ROOT / "output"

# What the devserver watches (relative to ROOT).  Missing entries are ignored.
WATCHED = (
    "events",
    "organisers",
    "venues",
    "providers",
    "content",
    "theme",
    "plugins",
    "data",
    "pelicanconf.py",
)
# Noise that must not trigger a rebuild.
IGNORED_DIRS = {"__pycache__", ".git", ".pytest_cache", ".ruff_cache", ".hypothesis", "node_modules"}
IGNORED_SUFFIXES = (".pyc", ".pyo", ".swp", ".swx", ".tmp", "~")

REQUIREMENTS_HEADER = """\
# Cartellone — pinned runtime + development dependencies (Python 3.11).
#
# Do not edit by hand: this file is regenerated with `invoke lock`
# (i.e. `.venv/bin/invoke lock`), which rewrites it from
# `pip freeze --exclude-editable` of the project virtualenv.
# The `cartellone` package itself is installed separately, editable,
# with `pip install -e . --no-deps` (see Makefile).
"""
# Never pinned in requirements.txt: the project itself and the packaging tools.
LOCK_EXCLUDED = {"cartellone", "pip", "setuptools", "wheel", "pip-tools"}


# --------------------------------------------------------------------------- helpers


def _exe(name: str) -> str:
    """Path of an executable installed in the virtualenv running this file."""
    path = BIN / name
    if not path.exists():
        raise Exit(f"{name} not found in {BIN}; run `make` to (re)create the virtualenv.", code=2)
    return str(path)


def _cmd(*parts: str | os.PathLike[str]) -> str:
    return shlex.join(str(p) for p in parts)


def _with_remainder(c: Context, cmd: str) -> str:
    """Append whatever came after a standalone ``--`` on the invoke command line."""
    extra = (getattr(c, "remainder", "") or "").strip()
    return f"{cmd} {extra}" if extra else cmd


def _run(c: Context, cmd: str, **kwargs) -> int:
    """Run ``cmd`` from the repository root; return its exit code (never raises on failure)."""
    with c.cd(str(ROOT)):
        result = c.run(cmd, pty=False, warn=True, **kwargs)
    return result.exited if result is not None else 1


def _must(c: Context, cmd: str, **kwargs) -> None:
    """Run ``cmd`` and make invoke exit with the same code if it fails."""
    code = _run(c, cmd, **kwargs)
    if code != 0:
        raise Exit(code=code)


def _pelican_cmd(settings: str) -> str:
    return _cmd(_exe("pelican"), "content", "-s", settings, "-o", "output")


# --------------------------------------------------------------------------- site


@task(help={"settings": "Pelican settings file (default pelicanconf.py)"})
def html(c, settings="pelicanconf.py"):
    """Build the site into output/ (development settings)."""
    _must(c, _with_remainder(c, _pelican_cmd(settings)))


@task
def publish(c):
    """Build the site into output/ with the production settings (publishconf.py)."""
    _must(c, _with_remainder(c, _pelican_cmd("publishconf.py")))


def _snapshot() -> frozenset[tuple[str, int, int]]:
    """(path, mtime_ns, size) of every watched file; any difference means 'rebuild'."""
    entries: list[tuple[str, int, int]] = []

    def add(path: Path) -> None:
        try:
            st = path.stat()
        except OSError:  # vanished between listing and stat
            return
        entries.append((str(path.relative_to(ROOT)), st.st_mtime_ns, st.st_size))

    for name in WATCHED:
        top = ROOT / name
        if top.is_file():
            add(top)
            continue
        if not top.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if d not in IGNORED_DIRS and not d.startswith(".")]
            for filename in filenames:
                if filename.startswith((".", "#")) or filename.endswith(IGNORED_SUFFIXES):
                    continue
                add(Path(dirpath) / filename)
    return frozenset(entries)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        sys.stderr.write(f"[devserver] {self.address_string()} {format % args}\n")


@task(help={"port": "TCP port on 127.0.0.1 (default 8000, or $PORT)", "settings": "Pelican settings file"})
def devserver(c, port=None, settings="pelicanconf.py"):
    """Build, serve output/ on 127.0.0.1:PORT and rebuild when sources change (Ctrl-C to stop)."""
    port = int(port or os.environ.get("PORT") or 8000)
    build = _pelican_cmd(settings)

    def rebuild() -> None:
        # A fresh `pelican` process every time, so edits to plugins/ are picked up.
        # subprocess.run rather than c.run here on purpose: invoke's runner
        # swallows KeyboardInterrupt while waiting (it forwards "\x03" to the
        # child's stdin instead), so Ctrl-C during a rebuild would not stop the
        # devserver; subprocess.run re-raises it after reaping the child.
        code = subprocess.run(build, shell=True, cwd=ROOT, check=False).returncode
        status = "ok" if code == 0 else f"FAILED (exit {code}); still serving the previous output"
        print(f"[devserver] build {status}", file=sys.stderr, flush=True)

    previous = _snapshot()
    try:
        rebuild()
    except KeyboardInterrupt:
        print("\n[devserver] stopping", file=sys.stderr, flush=True)
        return
    OUTPUT.mkdir(exist_ok=True)

    handler = partial(_QuietHandler, directory=str(OUTPUT))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise Exit(f"cannot listen on 127.0.0.1:{port}: {exc}", code=1) from exc
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="devserver-http", daemon=True)
    thread.start()
    print(f"[devserver] serving {OUTPUT} at http://127.0.0.1:{port}/ — Ctrl-C to stop", file=sys.stderr, flush=True)

    try:
        while True:
            time.sleep(1)
            current = _snapshot()
            if current != previous:
                changed = sorted({p for p, *_ in current ^ previous})
                shown = ", ".join(changed[:5]) + (f" (+{len(changed) - 5} more)" if len(changed) > 5 else "")
                print(f"[devserver] changed: {shown}; rebuilding", file=sys.stderr, flush=True)
                # Snapshot *before* building: edits made during the build trigger another one.
                previous = current
                rebuild()
    except KeyboardInterrupt:
        print("\n[devserver] stopping", file=sys.stderr, flush=True)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --------------------------------------------------------------------------- quality


@task(
    help={
        "since": "only report on files changed since this git ref (e.g. origin/main)",
        "format": "text | github | json | markdown",
        "lang": "it | en",
        "root": "repository to check (default: this one)",
    }
)
def check(c, since=None, format=None, lang=None, root=None):
    """Validate the calendar data (`cartellone check`); exit 1 on errors, 2 on usage problems."""
    parts = [_exe("cartellone"), "check", "--root", root or str(ROOT)]
    if since:
        parts += ["--since", since]
    if format:
        parts += ["--format", format]
    if lang:
        parts += ["--lang", lang]
    _must(c, _with_remainder(c, _cmd(*parts)))


@task(help={"workers": "pytest-xdist workers (default 'auto'; 0 = no xdist)"})
def test(c, workers="auto"):
    """Run the test suite (pytest, parallel when pytest-xdist is available). Extra args after `--`."""
    parts: list[str] = [PYTHON, "-m", "pytest"]
    if str(workers) != "0" and importlib.util.find_spec("xdist") is not None:
        parts += ["-n", str(workers)]
    env = {"CI": os.environ["CI"]} if "CI" in os.environ else {}
    code = _run(c, _with_remainder(c, _cmd(*parts)), env=env)
    if code == 5:
        # pytest's "no tests were collected": an empty suite is a failure here.
        print("pytest collected no tests (exit code 5): treating it as a failure.", file=sys.stderr)
    if code != 0:
        raise Exit(code=code)


@task(help={"sizes": "comma-separated numbers of events to benchmark", "repeat": "checks per size (best kept)"})
def bench(c, sizes="1000,10000,100000", repeat="3"):
    """Run the benchmarks (python -m cartellone.bench): best of three checks per size, on synthetic
    repositories kept in bench-results/repos/ (generated once, reused; this machine's speed varies
    from hour to hour, see docs/benchmarks.md)."""
    cmd = _cmd(PYTHON, "-m", "cartellone.bench", "--sizes", sizes, "--repeat", repeat, "--keep", "bench-results/repos")
    _must(c, _with_remainder(c, cmd))


@task
def lint(c):
    """ruff check + ruff format --check (both always run)."""
    ruff = _exe("ruff")
    codes = [_run(c, _cmd(ruff, "check", ".")), _run(c, _cmd(ruff, "format", "--check", "."))]
    failed = [code for code in codes if code != 0]
    if failed:
        raise Exit(code=failed[0])


@task
def format(c):
    """ruff format + ruff check --fix."""
    ruff = _exe("ruff")
    _must(c, _cmd(ruff, "format", "."))
    _must(c, _cmd(ruff, "check", "--fix", "."))


@task
def schemas(c):
    """Regenerate the JSON Schemas in plugins/cartellone/schemas/ from the vocabularies."""
    code = (
        "import cartellone.schemagen, cartellone.vocabulary; "
        "[print(p) for p in cartellone.schemagen.write_all(cartellone.vocabulary.load_vocabularies())]"
    )
    _must(c, _cmd(PYTHON, "-c", code))


@task
def golden(c):
    """Regenerate the golden files of the tests (pytest tests --regen-golden)."""
    _must(c, _with_remainder(c, _cmd(PYTHON, "-m", "pytest", "tests", "--regen-golden")))


# --------------------------------------------------------------------------- housekeeping


@task
def lock(c):
    """Rewrite requirements.txt from `pip freeze --exclude-editable` of this virtualenv."""
    with c.cd(str(ROOT)):
        result = c.run(_cmd(PYTHON, "-m", "pip", "freeze", "--exclude-editable"), pty=False, hide="out", warn=True)
    if result is None or result.exited != 0:
        raise Exit(code=result.exited if result is not None else 1)
    pins = []
    for line in result.stdout.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        name = line.split("==", 1)[0].split(" @ ", 1)[0].strip()
        if name.lower().replace("_", "-") in LOCK_EXCLUDED:
            continue
        if "==" not in line:
            raise Exit(f"refusing to lock a non-pinned requirement: {line!r}", code=1)
        pins.append(line)
    target = ROOT / "requirements.txt"
    tmp = target.with_suffix(".txt.tmp")
    tmp.write_text(REQUIREMENTS_HEADER + "\n".join(pins) + "\n", encoding="utf-8")
    tmp.replace(target)
    print(f"wrote {len(pins)} pins to {target.relative_to(ROOT)}", file=sys.stderr)


CLEAN_DIRS = ("output", "cache", ".pytest_cache", ".ruff_cache", ".hypothesis")
# Never descend into these when looking for __pycache__.
CLEAN_SKIP = {".venv", "node_modules", ".git"}


@task
def clean(c):
    """Remove output/ and caches (not .venv/ or node_modules/)."""
    for name in CLEAN_DIRS:
        shutil.rmtree(ROOT / name, ignore_errors=True)
    for dirpath, dirnames, _ in os.walk(ROOT):
        dirnames[:] = [d for d in dirnames if d not in CLEAN_SKIP]
        if "__pycache__" in dirnames:
            shutil.rmtree(Path(dirpath) / "__pycache__", ignore_errors=True)
            dirnames.remove("__pycache__")
