"""Writing tens of thousands of output files: the pages (``site.py``) and the iCal feeds (``feeds.py``).

Text paths and plain ``os`` calls: a ``Path`` and a buffered file object per file cost more than the
system calls themselves, and most pages and every event's ``evento.ics`` have a folder of their own.
"""

from __future__ import annotations

import os

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def make_folder(path: str, made: set[str]) -> None:
    """Create the folder ``path`` unless ``made`` (the folders of this writer so far) has it: usually a
    new leaf under a folder already there, one ``mkdir``; its parents only when they are missing."""
    if path in made:
        return
    try:
        os.mkdir(path)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(path, exist_ok=True)
    made.add(path)


def write_bytes(path: str, data: bytes) -> None:
    """``Path(path).write_bytes(data)`` with three system calls and no objects in between."""
    fd = os.open(path, _FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)
