"""Load a whole repository tree into a ``Catalogue``, with every finding met on the way.

Steps, in order: walk the content folders (refusing symlinks and misplaced files), parse and
validate each file (events in worker processes when there are many), then check the references
between files (venues, organisers, comuni, acknowledged events) and identities.
"""

from __future__ import annotations

import io
import operator
import os
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields
from multiprocessing import get_context
from pathlib import Path

from . import validate
from .events import build_event, check_image_src, identity_of
from .findings import Finding, finding
from .gcpause import gc_paused
from .model import Catalogue, Event, Occurrence, OpeningHours, Organiser, Price, Provider, Repeat, RepeatChange, Venue
from .settings import Settings
from .vocabulary import distance_km, load_comuni, load_vocabularies
from .yamlsource import Document, load_file

CONTENT_DIRS = ("events", "organisers", "venues", "providers")
FILE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.yaml$")
ASSET_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif"}
PARALLEL_FROM = 3000  # below this many event files, worker start-up costs more than it saves
_IGNORED = {".gitkeep", "README.md", ".DS_Store"}


@dataclass
class LoadResult:
    catalogue: Catalogue
    findings: list[Finding]


def _suggest_name(name: str) -> str:
    stem = name.rsplit(".", 1)[0].lower()
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return stem or "nome-evento"


def _place_hint(kind: str) -> tuple[str, str]:
    if kind == "events":
        return (
            "gli eventi vanno in events/<id-organizzatore>/<nome-evento>.yaml.",
            "events go in events/<organiser-id>/<event-name>.yaml.",
        )
    return (
        f"i file di {kind}/ vanno direttamente in {kind}/<id>.yaml.",
        f"files of {kind}/ go straight in {kind}/<id>.yaml.",
    )


def walk(root: Path) -> tuple[dict[str, list[tuple[str, str]]], list[Finding]]:
    """Content files by folder, as (absolute path, path relative to root), both text (no ``Path`` per
    file: 100,000 of them cost over half a second); findings for misplaced ones."""
    files: dict[str, list[tuple[str, str]]] = {k: [] for k in CONTENT_DIRS}
    findings: list[Finding] = []
    for kind in CONTENT_DIRS:
        base = root / kind
        if base.is_symlink():
            findings.append(finding("symlink", kind))
            continue
        if not base.is_dir():
            continue
        _walk_folder(base, kind, kind, 0, files[kind], findings)
    return files, findings


def _walk_folder(here: Path, kind: str, rel_dir: str, depth: int, out: list, findings: list) -> None:
    """One folder of ``walk`` (files first, sorted), then its sub-folders (sorted), as ``os.walk``
    top-down would go; ``os.scandir`` entries know whether they are links, so no ``stat`` per file."""
    try:
        with os.scandir(here) as listing:
            entries = list(listing)
    except OSError:
        return  # os.walk skips a folder it cannot list
    folders, names = [], []
    for entry in entries:
        try:
            is_dir = entry.is_dir()  # follows links, as os.walk does
        except OSError:
            is_dir = False
        (folders if is_dir else names).append(entry)
    subfolders = []
    for entry in folders:
        if _is_symlink(entry):
            findings.append(finding("symlink", f"{rel_dir}/{entry.name}"))
        else:
            subfolders.append(entry.name)
    wanted_depth = 1 if kind == "events" else 0
    for name, entry in sorted((e.name, e) for e in names):
        rel = f"{rel_dir}/{name}"
        if name in _IGNORED:
            continue
        if _is_symlink(entry):
            findings.append(finding("symlink", rel))
            continue
        if not _is_regular(entry):  # a pipe, socket or device: reading it could block for ever
            findings.append(finding("not-a-file", rel))
            continue
        suffix = _suffix(name).lower()
        if suffix in ASSET_SUFFIXES and kind == "events" and depth == 1:
            continue
        if depth != wanted_depth:
            hint, hint_en = _place_hint(kind)
            findings.append(finding("wrong-place", rel, hint=hint, hint_en=hint_en))
            continue
        if not FILE_NAME.match(name):
            findings.append(finding("bad-filename", rel, name=name, suggestion=_suggest_name(name)))
            continue
        out.append((entry.path, rel))
    for name in sorted(subfolders):
        _walk_folder(here / name, kind, f"{rel_dir}/{name}", depth + 1, out, findings)


def _is_regular(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _is_symlink(entry: os.DirEntry) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def _suffix(name: str) -> str:
    """``PurePath(name).suffix``."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def _stem(name: str) -> str:
    """``PurePath(name).stem``."""
    i = name.rfind(".")
    return name[:i] if 0 < i < len(name) - 1 else name


def _load_entity(kind: str, path: Path, rel: str, settings: Settings) -> tuple[Document, list[Finding]]:
    doc = load_file(path, rel, settings.max_file_bytes)
    findings = list(doc.findings)
    if doc.value is None and findings:
        return doc, findings
    if not isinstance(doc.value, dict):
        findings.append(
            finding(
                "schema-type",
                rel,
                line=1,
                value="…",
                expected="un gruppo di campi (chiave: valore)",
                expected_en="a group of fields (key: value)",
            )
        )
        doc.value = None
        return doc, findings
    findings.extend(validate.validate(kind, doc, rel))
    return doc, findings


@dataclass(frozen=True, slots=True)
class EventRefs:
    """What an event file points at, read even from a file with errors so all findings come at once."""

    identity: str
    file: str
    organiser: str
    venue: str | None
    co_organisers: tuple
    acknowledged: tuple
    image: str | None
    lines: dict


def _refs(doc: Document, rel: str, organiser: str, stem: str) -> EventRefs:
    data = doc.value if isinstance(doc.value, dict) else {}

    def text(v):
        return v if isinstance(v, str) else None

    def texts(v):
        return tuple(x for x in v if isinstance(x, str)) if isinstance(v, list) else ()

    image = data.get("image")
    acks = data.get("acknowledge")
    return EventRefs(
        identity=identity_of(data, organiser, stem),
        file=rel,
        organiser=organiser,
        venue=text(data.get("venue")),
        co_organisers=texts(data.get("co_organisers")),
        acknowledged=tuple(a["event"] for a in acks if isinstance(a, dict) and isinstance(a.get("event"), str))
        if isinstance(acks, list)
        else (),
        image=text(image.get("src")) if isinstance(image, dict) else None,
        lines={k: doc.line((k,)) for k in ("venue", "co_organisers", "acknowledge", "image") if k in data},
    )


def _event_job(args):
    path, rel, settings = args
    vocab = load_vocabularies()
    doc, findings = _load_entity("event", path, rel, settings)
    parts = rel.split("/")  # events/<organiser>/<file>, as walk() writes it
    organiser, stem = parts[1], _stem(parts[-1])
    refs = _refs(doc, rel, organiser, stem)
    if doc.value is None or any(f.severity.value == "error" for f in findings):
        return refs, None, findings
    event, more = build_event(doc, rel, organiser, stem, settings, vocab)
    findings.extend(more)
    return refs, event, findings


def _event_chunk(chunk):
    """A worker's share: the results of a run of files, pickled here with ``_TRANSPORT``."""
    settings, files = chunk
    with gc_paused():
        return dumps_compact([_event_job((path, rel, settings)) for path, rel in files])


def _load_events(files, settings: Settings, workers: int | None):
    with _events_loading(files, settings, workers) as results:
        return results()


@contextmanager
def _events_loading(files, settings: Settings, workers: int | None):
    """Start on the event files (in worker processes when there are many) and give a function that
    returns their results, in file order: the caller can load the other files meanwhile."""
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(files) >= PARALLEL_FROM else 1
    if workers <= 1:
        yield lambda: [_event_job((p, r, settings)) for p, r in files]
        return
    # Small chunks (a few hundred files) keep every worker busy to the end and let the parent unpickle
    # results while the workers go on, instead of receiving a quarter of everything at once.
    size = max(100, min(1000, -(-len(files) // (workers * 8))))
    chunks = [(settings, files[i : i + size]) for i in range(0, len(files), size)]
    validate.warm("event")  # compile the schema once here, not once in every worker (~50 ms each)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("fork")) as pool:
        blobs = pool.map(_event_chunk, chunks)  # submitted now; collected by results()

        def results():
            out = []
            for blob in blobs:
                out.extend(pickle.loads(blob))
            return out

        yield results


# Results travel from the workers as (class, field values): rebuilding a frozen slotted dataclass
# through its __init__ costs half of what its default pickling (getstate/setstate over fields()) does,
# and the parent unpickles every event while the workers go on. Only plain dataclasses qualify (every
# field in __init__, no __post_init__), so the copy is the same object.
_TRANSPORT = (Event, Occurrence, Price, Repeat, RepeatChange, OpeningHours, Finding)
_dispatch: dict | None = None


def _by_fields(cls):
    get = operator.attrgetter(*(f.name for f in fields(cls)))
    if len(fields(cls)) == 1:
        return lambda obj: (cls, (get(obj),))
    return lambda obj: (cls, get(obj))


def dumps_compact(obj) -> bytes:
    """Pickle with the compact form of our dataclasses (see ``_TRANSPORT``)."""
    global _dispatch
    if _dispatch is None:
        import copyreg

        _dispatch = dict(copyreg.dispatch_table)
        for cls in (*_TRANSPORT, EventRefs):
            if all(f.init for f in fields(cls)) and not hasattr(cls, "__post_init__"):
                _dispatch[cls] = _by_fields(cls)
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch
    pickler.dump(obj)
    return buffer.getvalue()


def load_repository(settings: Settings, workers: int | None = None) -> LoadResult:
    """Load every content file under ``settings.root``; never raises on bad content."""
    with gc_paused():
        return _load_repository(settings, workers)


def _load_repository(settings: Settings, workers: int | None) -> LoadResult:
    root = settings.root
    vocab = load_vocabularies()
    comuni = load_comuni(settings.comuni_path)
    files, findings = walk(root)

    organisers: dict[str, Organiser] = {}
    venues: dict[str, Venue] = {}
    providers: dict[str, Provider] = {}
    # The workers start on the event files while this process reads the organisers, venues and providers.
    with _events_loading(files["events"], settings, workers) as event_results:
        for kind, store, build in (
            ("organiser", organisers, _organiser),
            ("venue", venues, _venue),
            ("provider", providers, _provider),
        ):
            for path, rel in files[kind + "s"]:
                ident = _stem(rel.rpartition("/")[2])
                doc, found = _load_entity(kind, path, rel, settings)
                findings.extend(found)
                if doc.value is None or any(f.severity.value == "error" for f in found):
                    store[ident] = None  # exists, but broken: no "unknown id" noise about it
                    continue
                obj, more = build(doc, rel, ident, comuni, vocab)
                findings.extend(more)
                store[ident] = obj
        loaded_events = event_results()

    events = {}
    event_files: dict[str, str] = {}
    all_refs = []
    for refs, event, found in loaded_events:
        findings.extend(found)
        if refs.identity in event_files:
            findings.append(
                finding(
                    "duplicate-identity", refs.file, line=1, identity=refs.identity, other=event_files[refs.identity]
                )
            )
            continue
        event_files[refs.identity] = refs.file
        all_refs.append(refs)
        if event is not None:
            events[refs.identity] = event

    findings.extend(_check_references(all_refs, organisers, venues, root, event_files))
    findings.extend(check_guides(root, settings))
    catalogue = Catalogue(
        organisers={k: v for k, v in organisers.items() if v is not None},
        venues={k: v for k, v in venues.items() if v is not None},
        providers={k: v for k, v in providers.items() if v is not None},
        events=events,
        comuni=comuni,
    )
    return LoadResult(catalogue, findings)


def _suggestion(value, candidates):
    from .validate import _suggest

    return _suggest(value, candidates)


def _comune(doc: Document, rel: str, comuni: dict, field="comune"):
    code = doc.value[field]
    if code in comuni:
        return comuni[code], []
    by_name = {c.name.lower(): c.istat for c in comuni.values()}
    sug_it, sug_en = _suggestion(code, list(comuni))
    if str(code).lower() in by_name:
        c = by_name[str(code).lower()]
        sug_it, sug_en = f' Forse intendevi "{c}"?', f' Did you mean "{c}"?'
    return None, [
        finding(
            "unknown-comune",
            rel,
            line=doc.line((field,)),
            field=field,
            value=code,
            suggestion=sug_it,
            suggestion_en=sug_en,
        )
    ]


def _organiser(doc, rel, ident, comuni, vocab):
    comune, found = _comune(doc, rel, comuni)
    if comune is None:
        return None, found
    d = doc.value
    return Organiser(
        id=ident,
        file=rel,
        name=d["name"],
        kind=d["kind"],
        comune=comune,
        website=d.get("website"),
        email=d.get("email"),
        phone=d.get("phone"),
        maintainers=tuple(d.get("maintainers", ())),
        description=d.get("description", ""),
        translations=dict(d.get("translations", {})),
        example=bool(d.get("example", False)),
    ), found


def _venue(doc, rel, ident, comuni, vocab):
    comune, found = _comune(doc, rel, comuni)
    if comune is None:
        return None, found
    d = doc.value
    lat, lon = d["coordinates"]["lat"], d["coordinates"]["lon"]
    km = distance_km(lat, lon, comune.lat, comune.lon)
    if km > 20:
        found.append(
            finding(
                "venue-far-from-comune",
                rel,
                line=doc.line(("coordinates",)),
                field="coordinates",
                km=round(km, 1),
                comune=comune.name,
            )
        )
    return Venue(
        id=ident,
        file=rel,
        name=d["name"],
        kind=d["kind"],
        address=d["address"],
        postal_code=d["postal_code"],
        comune=comune,
        lat=lat,
        lon=lon,
        capacity=d.get("capacity"),
        accessibility=tuple(d.get("accessibility", ())),
        accessibility_notes=d.get("accessibility_notes", ""),
        website=d.get("website"),
        description=d.get("description", ""),
        translations=dict(d.get("translations", {})),
        example=bool(d.get("example", False)),
    ), found


def _provider(doc, rel, ident, comuni, vocab):
    comune, found = _comune(doc, rel, comuni)
    if comune is None:
        return None, found
    d = doc.value
    provinces = {c.province for c in comuni.values()}
    for i, area in enumerate(d.get("area", ())):
        if area not in provinces:
            found.append(
                finding(
                    "schema-enum",
                    rel,
                    line=doc.line(("area", i)),
                    field=f"area[{i}]",
                    value=area,
                    suggestion="",
                    suggestion_en="",
                    allowed=", ".join(sorted(provinces)),
                )
            )
    return Provider(
        id=ident,
        file=rel,
        name=d["name"],
        kind=d["kind"],
        services=tuple(d["services"]),
        comune=comune,
        summary=d["summary"],
        area=tuple(d.get("area", ())),
        website=d.get("website"),
        email=d.get("email"),
        phone=d.get("phone"),
        languages=tuple(d.get("languages", ())),
        description=d.get("description", ""),
        maintainers=tuple(d.get("maintainers", ())),
        translations=dict(d.get("translations", {})),
        example=bool(d.get("example", False)),
    ), found


def _unknown(code: str, ref, value: str, candidates: list, field: str | None) -> Finding:
    """A reference to a file that does not exist, with the nearest existing name as a suggestion (on the
    line of ``field``, or on the first line for the event's organiser folder)."""
    s_it, s_en = _suggestion(value, candidates)
    line = ref.lines.get(field) if field else 1
    return finding(code, ref.file, line=line, field=field, value=value, suggestion=s_it, suggestion_en=s_en)


def _check_references(all_refs, organisers, venues, root: Path, event_files: dict) -> list[Finding]:
    """References between files: organiser folders, venues, co-organisers, acknowledged events, images."""
    out: list[Finding] = []
    organiser_ids = list(organisers)
    venue_ids = list(venues)
    identities = list(event_files)
    reported_folders = set()
    for r in all_refs:
        if r.organiser not in organisers and r.organiser not in reported_folders:
            reported_folders.add(r.organiser)
            out.append(_unknown("unknown-organiser", r, r.organiser, organiser_ids, None))
        if r.venue is not None and r.venue not in venues:
            out.append(_unknown("unknown-venue", r, r.venue, venue_ids, "venue"))
        for co in r.co_organisers:
            if co not in organisers:
                out.append(_unknown("unknown-organiser", r, co, organiser_ids, "co_organisers"))
        for other in sorted(set(r.acknowledged)):
            if other not in event_files:
                out.append(_unknown("unknown-acknowledged-event", r, other, identities, "acknowledge"))
        if r.image is not None and check_image_src(r.image):
            img = root / Path(r.file).parent / r.image
            if not img.is_file() or img.is_symlink():
                out.append(
                    finding("image-missing", r.file, line=r.lines.get("image"), field="image.src", value=r.image)
                )
    return out


GUIDE_DIR = "content/guide"
_META = re.compile(r"^([A-Za-z][A-Za-z0-9_-]*):\s*(.*)$")


def read_front_matter(text: str) -> Document:
    """Pelican Markdown metadata (``Key: value`` lines up to the first blank line), with lines."""
    value: dict = {}
    lines: dict = {(): 1}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            break
        m = _META.match(line)
        if not m:
            break
        key = m.group(1).lower()
        value[key] = m.group(2).strip()
        lines[(key,)] = number
    return Document(value, lines, [])


def check_guides(root: Path, settings: Settings) -> list[Finding]:
    """Validate the front matter of every guide in content/guide/ against the guide schema."""
    base = root / GUIDE_DIR
    out: list[Finding] = []
    if not base.is_dir():
        return out
    for path in sorted(base.iterdir()):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out.append(finding("symlink", rel))
            continue
        if path.suffix != ".md" or not path.is_file():
            continue
        with path.open("rb") as fh:  # read at most one byte past the limit, never a whole huge file
            raw = fh.read(settings.max_file_bytes + 1)
        if len(raw) > settings.max_file_bytes:
            out.append(finding("file-too-large", rel, size=path.stat().st_size, limit=settings.max_file_bytes))
            continue
        from .yamlsource import read_text

        text, found = read_text(raw, rel)
        out.extend(found)
        if text is None:
            continue
        out.extend(validate.validate("guide", read_front_matter(text), rel))
    return out
