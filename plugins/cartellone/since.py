"""Compare the working tree with a git base (``--since REF``): what a change touches and what it loses.

A published event is one whose file exists at REF. Deleting it, renaming its file without keeping the
identity, or changing its ``id`` would make calendar apps lose it or see a new event, so each is an
error that proposes the fix (``status: cancelled``, ``id: <old>``).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .events import identity_of
from .findings import Finding, finding
from .repository import CONTENT_DIRS
from .yamlsource import MAX_BYTES, parse, read_text

# The folders whose changes --since looks at: the content folders of the loader, plus guides and pages.
WATCHED = (*CONTENT_DIRS, "content")


class GitError(Exception):
    pass


@dataclass
class Change:
    """Files a change touches (paths relative to the root), and findings about lost identities."""

    touched: set = field(default_factory=set)
    findings: list = field(default_factory=list)


def _git(root: Path, *args: str, binary: bool = False):
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(str(exc)) from exc
    if out.returncode != 0:
        lines = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else "git failed")
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def _old_identity(root: Path, ref: str, path: str) -> str | None:
    """The identity an event file had at ``ref`` (from its ``id`` field or its path)."""
    parts = PurePosixPath(path).parts
    if len(parts) != 3 or parts[0] != "events":
        return None
    try:
        raw = _git(root, "show", f"{ref}:./{path}", binary=True)  # ./: relative to --root
    except GitError:
        return None
    data = None
    if len(raw) <= MAX_BYTES:
        text, _ = read_text(raw, path)
        if text is not None:
            data = parse(text, path).value
    return identity_of(data, parts[1], PurePosixPath(path).stem)


def _new_identity(root: Path, path: str) -> str | None:
    parts = PurePosixPath(path).parts
    if len(parts) != 3 or parts[0] != "events":
        return None
    data = None
    p = root / path
    if p.is_file() and not p.is_symlink() and p.stat().st_size <= MAX_BYTES:
        text, _ = read_text(p.read_bytes(), path)
        if text is not None:
            data = parse(text, path).value
    return identity_of(data, parts[1], PurePosixPath(path).stem)


def compare(root: Path, ref: str, current_identities: set) -> Change:
    """Changes between ``ref`` and the working tree (committed or not), with findings for lost events."""
    change = Change()
    if not ref or ref.startswith("-"):
        change.findings.append(finding("git-error", "", ref=ref, detail="not a git reference"))
        return change
    try:
        base = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").strip()
        diff = _git(
            root,
            "diff",
            "--relative",  # paths relative to --root, also when it is a sub-folder of the repository
            "--name-status",
            "-M",
            "-z",
            base,
            "--",
            *WATCHED,
        )
        untracked = _git(
            root,
            "ls-files",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
            *WATCHED,
        )
    except GitError as exc:
        change.findings.append(finding("git-error", "", ref=ref, detail=str(exc)))
        return change
    change.touched.update(p for p in untracked.split("\0") if p)
    fields_ = diff.split("\0")
    i = 0
    while i < len(fields_) and fields_[i]:
        status = fields_[i]
        if status.startswith(("R", "C")):
            old, new = fields_[i + 1], fields_[i + 2]
            i += 3
        else:
            old = new = fields_[i + 1]
            i += 2
        kind = status[0]
        if kind == "D":
            identity = _old_identity(root, base, old)
            if identity is not None and identity not in current_identities:
                change.findings.append(finding("published-event-deleted", old, identity=identity, path=old))
            continue
        change.touched.add(new)
        if kind == "R":
            before, after = _old_identity(root, base, old), _new_identity(root, new)
            if before is not None and before != after and before not in current_identities:
                change.findings.append(
                    finding("published-event-renamed", new, line=1, old=before, new=after, old_file=old)
                )
        elif kind == "M":
            before, after = _old_identity(root, base, old), _new_identity(root, new)
            if before is not None and before != after and before not in current_identities:
                change.findings.append(
                    finding("published-identity-changed", new, line=1, field="id", old=before, new=after)
                )
    return change


def restrict(findings: list[Finding], touched: set) -> list[Finding]:
    """Keep the findings about files the change touches (and those not tied to a file)."""
    return [f for f in findings if not f.file or f.file in touched]
