"""Read one YAML file safely, keeping the line of every value.

The C parser (``CSafeLoader``) composes the node tree; this module turns nodes into plain values
itself, so that it can:

- keep the line number of every mapping key and list item (``Document.lines``);
- refuse duplicate keys, explicit tags and merge keys instead of silently picking one;
- bound alias expansion (an "alias bomb" stops at ``MAX_NODES``);
- catch YAML 1.1 traps: ``20:45`` unquoted is the integer 1245 (base 60), ``no`` is ``False``;
- keep dates and timestamps as the text the contributor wrote, so one parser (``schedule.py``) reads
  all times, with our rules for time zones and daylight-saving changes.

Nothing is executed and nothing outside the file is read. Problems become findings, not exceptions.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import ClassVar

import yaml

from .findings import Finding, finding

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml is in the pinned wheel
    _Loader = yaml.SafeLoader

MAX_BYTES = 256 * 1024
MAX_NODES = 20_000

_T = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _MERGE = (_T + t for t in ("str", "seq", "map", "merge"))
_KEY_TAGS = frozenset(_T + t for t in ("int", "float", "bool", "null", "timestamp"))
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode
_SEXAGESIMAL = re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$")
_YAML11_BOOL_WORDS = {"yes", "no", "on", "off", "y", "n"}
_CONTENT_LINE = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)  # a line with something but a comment

Path = tuple  # a path into the document: keys (str) and list indexes (int)


@dataclass(slots=True)
class Document:
    """A parsed file: its value, the line of each path, and the findings met on the way."""

    value: object
    lines: dict
    findings: list

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def field_name(path: Path) -> str:
    """``("dates", 2, "start")`` -> ``dates[2].start``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_text(raw: bytes, rel: str) -> tuple[str | None, list[Finding]]:
    """Decode bytes as UTF-8, with a finding for a wrong encoding or a byte-order mark."""
    findings: list[Finding] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        findings.append(finding("yaml-bom", rel, line=1))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        findings.append(finding("encoding", rel, line=line, byte=f"0x{raw[exc.start]:02x}"))
        return None, findings
    if "\x00" in text:
        findings.append(finding("encoding", rel, line=text[: text.index("\x00")].count("\n") + 1, byte="0x00"))
        return None, findings
    return text, findings


def parse(text: str, rel: str) -> Document:
    """Parse YAML text into a Document; never raises on bad input."""
    # Nothing but blank lines and comments? (The pattern answers for almost every file; the full test
    # also splits lines at the other line breaks str.splitlines knows, e.g. U+2028.)
    if _CONTENT_LINE.search(text) is None and all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return Document(None, {}, [finding("empty-file", rel, line=1)])
    try:
        nodes = list(yaml.compose_all(text, Loader=_ResolvingLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        last = len(text.rstrip().splitlines()) or 1
        if mark is not None and mark.line >= last:
            # past the end of the file: an unclosed quote or bracket, so point where it opens
            mark = exc.context_mark or mark
        line = min(mark.line + 1, last) if mark is not None else None
        problem = (exc.problem or exc.context or "").strip()
        if "maximum nesting depth" in problem:  # libyaml's own limit (1000 levels)
            return Document(None, {}, [finding("yaml-too-deep", rel, line=line)])
        return Document(None, {}, [finding("yaml-syntax", rel, line=line, problem=problem)])
    except yaml.reader.ReaderError as exc:  # control characters and the like
        # libyaml reports a byte offset into the UTF-8 text; the pure-Python reader a character offset.
        if _Loader is yaml.SafeLoader:
            line = text[: exc.position].count("\n") + 1
        else:
            line = text.encode("utf-8")[: exc.position].count(b"\n") + 1
        problem = f"carattere non ammesso U+{exc.character:04X}" if isinstance(exc.character, int) else exc.reason
        return Document(None, {}, [finding("yaml-syntax", rel, line=line, problem=problem)])
    except yaml.YAMLError as exc:
        return Document(None, {}, [finding("yaml-syntax", rel, line=None, problem=str(exc).splitlines()[0])])
    except RecursionError:
        return Document(None, {}, [finding("yaml-too-deep", rel, line=1)])
    except UnicodeEncodeError as exc:  # a lone surrogate in a str: no bytes from a file can hold one
        line = text[: exc.start].count("\n") + 1
        return Document(None, {}, [finding("encoding", rel, line=line, byte=f"U+{ord(text[exc.start]):04X}")])
    nodes = [n for n in nodes if n is not None and not _empty_document(n)]
    if not nodes:
        return Document(None, {}, [finding("empty-file", rel, line=1)])
    if len(nodes) > 1:
        return Document(None, {}, [finding("yaml-many-documents", rel, line=nodes[1].start_mark.line + 1)])
    builder = _Builder(rel)
    try:
        value = builder.build(nodes[0], ())
    except _TooMany:
        return Document(None, {}, [finding("yaml-alias-bomb", rel, line=1, limit=MAX_NODES)])
    except RecursionError:
        return Document(None, {}, [finding("yaml-too-deep", rel, line=1)])
    return Document(value, builder.lines, builder.findings)


def _empty_document(node) -> bool:
    """A document with nothing in it (``---`` alone, or a trailing ``---``), as opposed to ``~``."""
    return isinstance(node, yaml.ScalarNode) and node.tag == _T + "null" and node.value == "" and not node.style


class _ResolvingLoader(_Loader):
    """``_Loader``, with the implicit tag of a plain scalar kept by its text.

    The composer asks for a tag for every node. A quoted scalar is always a string; a plain one is
    matched against the implicit resolvers' patterns, and the same short texts (every key, every
    ``2027-01-10``, every ``true``) come back in every file, so the answer is looked up instead. Only
    while no path resolver is registered, when the answer depends on the text alone.
    """

    _plain: ClassVar[dict] = {}

    # The composer calls these two around every node, to follow path resolvers; with none registered
    # (asserted below) they do nothing, so they are C builtins that take the same arguments: no Python
    # call per node (about a sixth of composing).
    descend_resolver = {}.get  # (parent, index) -> index
    ascend_resolver = int  # () -> 0

    def resolve(self, kind, value, implicit):
        if kind is _ScalarNode:
            if not implicit[0]:
                return self.DEFAULT_SCALAR_TAG
            tag = self._plain.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 64 and len(self._plain) < 10_000:
                    self._plain[value] = tag
            return tag
        if kind is _MappingNode:  # (no path resolver: the default tags, as the base class gives)
            return _MAP
        if kind is _SequenceNode:
            return _SEQ
        return super().resolve(kind, value, implicit)


# The shortcuts above hold only while no path resolver is registered on the loader or its bases.
if _ResolvingLoader.yaml_path_resolvers:  # pragma: no cover - nothing in this project registers one
    raise RuntimeError("yaml path resolvers are not supported by cartellone's loader")


class _TooMany(Exception):
    pass


class _Builder:
    """Turns a composed node tree into plain values, recording lines and findings."""

    def __init__(self, rel: str):
        self.rel = rel
        self.lines: dict = {(): 1}
        self.findings: list[Finding] = []
        self.count = 0

    def build(self, node, path):
        # The hot loop of loading: plain strings (most values) return at once, without a call.
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooMany
        line = node.start_mark.line + 1
        lines = self.lines
        if path not in lines:
            lines[path] = line
        if isinstance(node, _ScalarNode):
            if node.tag == _STR:
                return node.value
            return self._scalar(node, path, line)
        if isinstance(node, _MappingNode):
            return self._mapping(node, path)
        if isinstance(node, _SequenceNode):
            if node.tag != _SEQ:
                self._check_tag(node, _SEQ, path, line)
            build = self.build
            return [build(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node, path, line)

    def _check_tag(self, node, expected, path, line):
        if node.tag != expected:
            self.findings.append(finding("yaml-tag", self.rel, line=line, field=field_name(path), tag=node.tag))

    def _mapping(self, node, path):
        if node.tag != _MAP:
            self._check_tag(node, _MAP, path, node.start_mark.line + 1)
        out: dict = {}
        lines = self.lines
        build = self.build
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key_tag = key_node.tag
            if key_tag == _MERGE:
                self.findings.append(finding("yaml-merge-key", self.rel, line=key_line, field=field_name(path) or None))
                continue
            if not isinstance(key_node, _ScalarNode):
                self.findings.append(
                    finding("yaml-complex-key", self.rel, line=key_line, field=field_name(path) or None)
                )
                continue
            key = key_node.value if key_tag == _STR else self._key_text(key_node, path)
            child = (*path, key)
            if key in out:
                self.findings.append(
                    finding(
                        "yaml-duplicate-key",
                        self.rel,
                        line=key_line,
                        field=field_name(child),
                        first=lines.get(child),
                    )
                )
                continue
            lines[child] = key_line
            out[key] = build(value_node, child)
        return out

    def _key_text(self, key_node, path):
        # Keys such as dates (2027-01-14 in `changes`) or numbers are kept as the text written.
        if key_node.tag not in _KEY_TAGS:
            self.findings.append(
                finding(
                    "yaml-tag",
                    self.rel,
                    line=key_node.start_mark.line + 1,
                    field=field_name(path) or None,
                    tag=key_node.tag,
                )
            )
        return key_node.value

    def _scalar(self, node, path, line):
        tag, text = node.tag, node.value
        if tag == _T + "str":
            return text
        if tag == _T + "null":
            return None
        if tag == _T + "bool":
            if text.lower() in _YAML11_BOOL_WORDS:
                # YAML 1.1 reads `no`/`on`/`yes` as booleans; other YAML tools (1.2) read text.
                self.findings.append(
                    finding("yaml-ambiguous-bool", self.rel, line=line, field=field_name(path), text=text)
                )
                return text
            return text.lower() == "true"
        if tag == _T + "int":
            if _SEXAGESIMAL.match(text):
                self.findings.append(
                    finding("yaml-sexagesimal", self.rel, line=line, field=field_name(path), text=text)
                )
                return text
            return _yaml11_int(text, self, path, line)
        if tag == _T + "float":
            if _SEXAGESIMAL.match(text):
                self.findings.append(
                    finding("yaml-sexagesimal", self.rel, line=line, field=field_name(path), text=text)
                )
                return text
            try:
                return float(text.replace("_", ""))
            except ValueError:
                return text
        if tag == _T + "timestamp":
            return text
        self._check_tag(node, _T + "str", path, line)
        return text


def _yaml11_int(text, builder, path, line):
    """YAML 1.1 integers, with a finding for the leading-zero octal trap (`0432` is 282)."""
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    try:
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if len(digits) > 1 and digits.startswith("0"):
            builder.findings.append(
                finding("yaml-leading-zero", builder.rel, line=line, field=field_name(path), text=text)
            )
            return text
        return sign * int(digits)
    except ValueError:
        return text


def _read(abs_path, max_bytes: int, rel: str = ""):
    """The file's bytes, or a Document with the finding: stat, then read (one open file, no Path calls)."""
    try:
        fd = os.open(abs_path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        fd = None  # e.g. not readable: let stat and read tell which finding it is, as below
    if fd is None:
        try:
            size = os.stat(abs_path).st_size
        except OSError:
            return Document(None, {}, [finding("unreadable", rel)])
        if size > max_bytes:
            return Document(None, {}, [finding("file-too-large", rel, size=size, limit=max_bytes)])
        return Document(None, {}, [finding("unreadable", rel)])
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            return Document(None, {}, [finding("file-too-large", rel, size=size, limit=max_bytes)])
        parts = []
        while True:  # to the end, as Path.read_bytes, even if the file grew since fstat
            part = os.read(fd, max(size + 1, 8192))
            if not part:
                break
            parts.append(part)
        return b"".join(parts)
    except OSError:
        return Document(None, {}, [finding("unreadable", rel)])
    finally:
        os.close(fd)


def load_file(abs_path, rel: str, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse one file, with findings for size and encoding problems."""
    raw = _read(abs_path, max_bytes, rel)
    if isinstance(raw, Document):
        return raw
    text, findings = read_text(raw, rel)
    if text is None:
        return Document(None, {}, findings)
    doc = parse(text, rel)
    doc.findings[:0] = findings
    return doc
