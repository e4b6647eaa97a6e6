"""When each event's content last changed, and how many significant changes it had: from git.

Calendar clients decide whether to update an event from ``DTSTAMP``/``LAST-MODIFIED`` and
``SEQUENCE``; both must come from the content's history, not from the build time, so that two builds
of the same commit are byte-identical (docs/feeds.md, "Identity and updates").

One ``git log`` pass over ``events/`` (first-parent history of the checked-out branch, renames
followed) lists every version of every event file. For each file present now:

- ``created``: commit time of its first version;
- ``modified``: commit time of the last commit that changed its bytes (a pure rename does not);
- ``sequence``: the number of versions whose *significant* fields (``SIGNIFICANT``: when, where,
  status) differ from the previous version's. Adding a file is sequence 0.

Significant fields are read from the historical blobs with one ``git cat-file --batch`` process, and
remembered by blob id in ``cache/history.json`` (gitignored), so a rebuild parses only new blobs.

Changes not committed yet count too, reproducibly (no file mtimes): a changed file gets
``modified`` = the commit time of ``HEAD`` and one more ``sequence`` if a significant field changed;
a new file gets ``HEAD``'s time and sequence 0; an untracked file with exactly the bytes of a
deleted tracked file continues that file's history (an uncommitted rename).

Outside a git repository, or in one without commits, every event gets the fallback stamp of the
settings (``feed_fallback_stamp``) and sequence 0.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .yamlsource import MAX_BYTES, parse, read_text

# Fields whose change raises SEQUENCE: the event moves, changes place, or changes status.
SIGNIFICANT = ("start", "end", "dates", "repeat", "status", "venue", "online", "opening_hours")
CACHE_VERSION = 1
CACHE_FILE = "history.json"
EVENTS_DIR = "events"


@dataclass(frozen=True, slots=True)
class Revision:
    """What the feeds need to know about one event file's history."""

    created: datetime  # UTC
    modified: datetime  # UTC: DTSTAMP and LAST-MODIFIED
    sequence: int = 0


@dataclass
class History:
    """Revisions by event file (path relative to the repository root, as ``Event.file``)."""

    revisions: dict = field(default_factory=dict)
    fallback: Revision = field(default_factory=lambda: Revision(_FALLBACK, _FALLBACK, 0))
    source: str = "fallback"  # "git" or "fallback"
    warnings: list = field(default_factory=list)  # for the build log (e.g. a shallow clone)

    def get(self, file: str) -> Revision:
        return self.revisions.get(file, self.fallback)


_FALLBACK = datetime(2026, 1, 1, tzinfo=UTC)


def parse_stamp(text: str) -> datetime:
    """``2026-01-01T00:00:00Z`` (or any ISO date-time with offset) as an aware UTC datetime."""
    value = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def fallback_history(stamp: datetime | str = _FALLBACK) -> History:
    """Every event at ``stamp`` with sequence 0: for builds outside git."""
    when = parse_stamp(stamp) if isinstance(stamp, str) else stamp.astimezone(UTC)
    return History({}, Revision(when, when, 0), "fallback")


def fingerprint(raw: bytes) -> str | None:
    """A short hash of an event file's significant fields, or None when the bytes are not a YAML mapping."""
    if len(raw) > MAX_BYTES:
        return None
    text, _ = read_text(raw, "")
    if text is None:
        return None
    data = parse(text, "").value
    if not isinstance(data, dict):
        return None
    picked = {k: data.get(k) for k in SIGNIFICANT}
    blob = json.dumps(picked, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
    return hashlib.sha1(blob).hexdigest()[:16]


def git_blob_id(raw: bytes) -> str:
    """The id git gives a blob with these bytes (no filters applied)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


class _NoGit(Exception):
    pass


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), *args],
            input=stdin,
            capture_output=True,
            check=False,
            timeout=300,
            env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _NoGit(str(exc)) from exc
    if out.returncode != 0:
        raise _NoGit(out.stderr.decode("utf-8", "replace").strip())
    return out.stdout


@dataclass
class _Lineage:
    """One event file through its renames: its versions as (commit time, blob id)."""

    versions: list = field(default_factory=list)
    changed: list = field(default_factory=list)  # commit times at which the bytes changed


def _walk_log(raw: bytes) -> tuple[dict, dict]:
    """Parse ``git log --raw -z`` (oldest first) into current path -> lineage; plus deleted ones."""
    current: dict[str, _Lineage] = {}
    graveyard: dict[str, _Lineage] = {}
    for chunk in raw.split(b"\x01")[1:]:
        header, _, body = chunk.partition(b"\0")
        when = datetime.fromtimestamp(int(header.split()[1]), tz=UTC)
        fields_ = body.lstrip(b"\n").split(b"\0")
        i = 0
        while i < len(fields_) and fields_[i].startswith(b":"):
            meta = fields_[i].decode().split()
            _old_blob, new_blob, status = meta[2], meta[3], meta[4]
            kind = status[0]
            if kind in "RC":
                old, new = fields_[i + 1].decode(), fields_[i + 2].decode()
                i += 3
            else:
                old = new = fields_[i + 1].decode()
                i += 2
            if kind == "D":
                lineage = current.pop(old, None)
                if lineage is not None:
                    graveyard[old] = lineage
                continue
            if kind == "R":
                lineage = current.pop(old, None) or graveyard.pop(old, None) or _Lineage()
            elif kind in "AC":
                lineage = graveyard.pop(new, None) or _Lineage()  # re-added: same path, same history
            else:  # M, T
                lineage = current.get(new) or _Lineage()
            if not lineage.versions or lineage.versions[-1][1] != new_blob:
                lineage.versions.append((when, new_blob))
                lineage.changed.append(when)
            current[new] = lineage
    return current, graveyard


def _read_blobs(root: Path, blob_ids: list[str]) -> dict[str, bytes]:
    """Contents of ``blob_ids``, read by one ``git cat-file --batch`` process."""
    if not blob_ids:
        return {}
    out = _git(root, "cat-file", "--batch", stdin=("\n".join(blob_ids) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    for blob in blob_ids:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] == b"missing":
            continue
        size = int(header[2])
        blobs[blob] = out[pos : pos + size]
        pos += size + 1  # the content is followed by a newline
    return blobs


def _load_cache(path: Path | None) -> dict:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if data.get("version") != CACHE_VERSION or data.get("fields") != list(SIGNIFICANT):
        return {}
    return dict(data.get("fingerprints") or {})


def _save_cache(path: Path | None, fingerprints: dict) -> None:
    if path is None:
        return
    data = {"version": CACHE_VERSION, "fields": list(SIGNIFICANT), "fingerprints": dict(sorted(fingerprints.items()))}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=0, sort_keys=False) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only makes the next build slower


def _sequence(fps: list) -> int:
    """How many times the known fingerprints change along the versions (None = unreadable, skipped)."""
    count, last = 0, None
    for fp in fps:
        if fp is None:
            continue
        if last is not None and fp != last:
            count += 1
        last = fp
    return count


def read_history(root: Path, fallback: datetime | str = _FALLBACK, cache_dir: Path | None = None) -> History:
    """The history of every event file of the repository at ``root`` (see the module's docstring).

    ``cache_dir`` defaults to ``root/cache``; pass a folder to keep the blob cache elsewhere.
    """
    root = Path(root)
    base = fallback_history(fallback)
    try:
        head = _git(root, "log", "-1", "--format=%ct").strip()
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
        if not head:
            return base
        head_time = datetime.fromtimestamp(int(head), tz=UTC)
        log = _git(
            root,
            "log",
            "--first-parent",
            "--diff-merges=first-parent",
            "--reverse",
            "--raw",
            "-M",
            "-l50000",
            "--no-abbrev",
            "-z",
            "--relative",
            "--format=%x01%H %ct",
            "--",
            EVENTS_DIR,
        )
        worktree = _git(
            root, "diff", "HEAD", "--raw", "--no-abbrev", "-z", "--relative", "--no-renames", "--", EVENTS_DIR
        )
        untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", EVENTS_DIR)
    except _NoGit:
        return base
    current, _ = _walk_log(log)

    # Working tree: modified, deleted, untracked (an untracked copy of a deleted file is its rename).
    modified, deleted, added = set(), set(), set()
    fields_ = worktree.split(b"\0")
    i = 0
    while i + 1 < len(fields_) and fields_[i].startswith(b":"):
        status, path = fields_[i].decode().split()[4], fields_[i + 1].decode()
        i += 2
        if status == "D":
            deleted.add(path)
        elif status == "A":  # staged but not in HEAD: new, like an untracked file
            added.add(path)
        else:
            modified.add(path)
    new_files = sorted(added | {p for p in untracked.decode().split("\0") if p})
    by_blob = {current[p].versions[-1][1]: p for p in sorted(deleted) if p in current}
    worktree_bytes: dict[str, bytes] = {}
    for path in sorted(modified) + new_files:
        try:
            worktree_bytes[path] = (root / path).read_bytes()
        except OSError:
            continue
    for path in new_files:
        raw = worktree_bytes.get(path)
        old = by_blob.pop(git_blob_id(raw), None) if raw is not None else None
        if old is not None:
            current[path] = current.pop(old)
        else:
            current[path] = _Lineage([(head_time, None)], [head_time])
    for path in deleted:
        current.pop(path, None)

    # Fingerprints of every version, parsed once per blob.
    cache_path = (Path(cache_dir) if cache_dir is not None else root / "cache") / CACHE_FILE
    cached = _load_cache(cache_path)
    wanted = sorted({blob for lin in current.values() for _, blob in lin.versions if blob})
    missing = [b for b in wanted if b not in cached]
    try:
        contents = _read_blobs(root, missing)
    except _NoGit:
        contents = {}
    for blob in missing:
        cached[blob] = fingerprint(contents[blob]) if blob in contents else None
    _save_cache(cache_path, {b: cached[b] for b in wanted})

    revisions = {}
    for path, lineage in current.items():
        fps = [cached.get(blob) if blob else None for _, blob in lineage.versions]
        if path in new_files and lineage.versions[-1][1] is None:  # brand-new file
            revisions[path] = Revision(head_time, head_time, 0)
            continue
        created, last = lineage.versions[0][0], lineage.changed[-1]
        sequence = _sequence(fps)
        if path in modified and path in worktree_bytes:
            now_fp = fingerprint(worktree_bytes[path])
            last = head_time
            sequence = _sequence([*fps, now_fp])
        revisions[path] = Revision(created, last, sequence)
    warnings = []
    if shallow:
        warnings.append(
            "history: clone superficiale (shallow): DTSTAMP e SEQUENCE dei calendari ripartono dal primo commit "
            "presente; serve la storia completa (actions/checkout: fetch-depth: 0) / shallow clone: feed stamps "
            "and SEQUENCE start from the oldest commit present; fetch the full history"
        )
    return History(revisions, base.fallback, "git", warnings)
