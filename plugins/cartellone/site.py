"""The calendar's pages: the page plan, and writing it. ``write_site`` reads top to bottom:

1. ``Site``: the agenda (which event goes where, in which order), every URL (``urls.UrlMap``), the
   vocabularies and the content history, computed once;
2. the page plan: every page as a light job (kind, key); each job writes its Italian and English
   pages; a path written twice is an error;
3. Markdown: every distinct description converted once, over the worker processes, and shared by the
   pages, the JSON-LD and the open data (``integrations.use_markdown_cache``);
4. cards: each event's listing card and calendar link rendered ONCE per language and reused by every
   listing (home, calendar, month, day, category, comune, province, venue, organiser);
5. a side process writes the iCal feeds and the open-data files (``exports.py``) while the pages are
   rendered by ``WORKERS`` processes forked after 1-4 (copy-on-write: nothing is pickled), each
   writing its share with plain ``os`` calls (``outfiles.py``);
6. the English mirror of guides and pages, the feeds page (from the feeds actually written) and the
   event images next to their pages.

The page builders are in ``pages.py``, URLs in ``urls.py``, what a page shows in ``views.py``, UI
strings in ``i18n.py``. Links inside a page are written with ``urls.ROOT_MARK`` for the site root and
made relative to the page (or absolute, without ``RELATIVE_URLS``) when the file is written, so a card
rendered once is right on every page that shows it.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import re
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

from jinja2 import BaseLoader, Environment, FileSystemLoader, pass_context
from jinja2.compiler import CodeGenerator, optimizeconst
from markupsafe import Markup, escape

from . import urls as U
from .agenda import Agenda
from .exports import DATA_FILES, write_side_outputs
from .i18n import LANGS, Strings, format_day, ui
from .integrations import Integrations
from .outfiles import make_folder, write_bytes
from .pages import PER_PAGE, Item, Pages, entries_html, page_count, pager
from .theme_assets import AssetsJob, start_assets
from .urls import ROOT_MARK as MARK
from .urls import UrlMap, localized, relative_root
from .views import Record, SiteData, css_classes, event_card, event_image_source
from .vocabulary import load_vocabularies

# tests use PER_PAGE, page_count, pager and UrlMap from here.
__all__ = ["PER_PAGE", "UrlMap", "page_count", "pager", "template_globals", "write_site"]
MARK_BYTES = MARK.encode("utf-8")

log = logging.getLogger("cartellone")

PROGRESS_EVERY = 1000
PARALLEL_FROM = 400  # below this many jobs, one process is faster than forking
WORKERS_ENV = "CARTELLONE_WORKERS"


def template_globals(cal_settings) -> dict:
    """Jinja globals shared by our pages and Pelican's (guides, static pages)."""
    vocab = load_vocabularies()

    def topic_label(article, lang):
        key = getattr(article, "topic", None)
        return vocab.label("guide_topics", key, lang) if key else ""

    def long_date(value, lang):
        try:
            return format_day(date.fromisoformat(str(value)[:10]), lang)
        except ValueError:
            return str(value)

    @pass_context
    def icon(context, name: str, size: str = "icon-sm") -> Markup:
        """A decorative Bootstrap Italia icon from the site's sprite (a function: cheaper than a macro)."""
        return icon_html(context.get("SITEURL", ""), name, size)

    return {
        "icon": icon,
        "ui": ui,
        "localized": localized,
        "base_url": U.site_base_url(cal_settings.site_url, cal_settings.uid_domain),
        "region_name": cal_settings.region_name,
        "topic_label": topic_label,
        "long_date": long_date,
        "repository_url": (cal_settings.repository_url or "").rstrip("/"),
        "data_files": DATA_FILES,
    }


# "{{ t.key }}", "{{ SITEURL }}", "{{ base_url }}" and "{{ lang }}", written as such (no filter, no
# whitespace control): in one language's pages they are the same text on every page.
_CONSTANT = re.compile(r"\{\{ (t\.[a-z0-9_]+|SITEURL|base_url|lang) \}\}")
_JINJA_SYNTAX = ("{{", "}}", "{%", "%}", "{#", "#}")


def page_constants(lang: str, base_url: str) -> dict[str, str]:
    """What ``ConstantLoader`` writes into one language's templates, escaped as autoescape would."""
    out = {f"t.{key}": str(escape(value)) for key, value in ui(lang).items()}
    out.update({"SITEURL": MARK, "base_url": str(escape(base_url)), "lang": str(escape(lang))})
    # a text that Jinja would read as syntax stays an expression
    return {k: v for k, v in out.items() if not any(mark in v for mark in _JINJA_SYNTAX)}


class ConstantLoader(BaseLoader):
    """Our templates, with the expressions that are constant in one language's pages written in as
    text: UI strings (``t.key``), the root mark, the site's URL and the language. A page evaluates and
    escapes about sixty fewer expressions, a fifth of its rendering. Every template renders exactly as
    before (the build is compared byte for byte in the tests); the Pelican templates for guides and
    static pages are loaded by Pelican's own environment and are not touched.
    """

    def __init__(self, inner: BaseLoader, constants: dict[str, str]):
        self.inner, self.constants = inner, constants

    def get_source(self, environment, template):
        source, filename, uptodate = self.inner.get_source(environment, template)
        constants = self.constants
        return _CONSTANT.sub(lambda m: constants.get(m.group(1), m.group(0)), source), filename, uptodate


try:  # the C function markupsafe.escape calls on a str before wrapping the result in Markup
    from markupsafe._speedups import _escape_inner as _escaped_text
except ImportError:  # pragma: no cover - markupsafe without its speedups

    def _escaped_text(value: str) -> str:
        return str(escape(value))


def output_text(value) -> str:
    """What autoescape writes for ``{{ value }}``: ``escape(value)``, without making a ``Markup`` of text
    that is only joined into the page. Markup (the page's header, a rendered card) passes as it is, where
    ``escape`` would copy it into a new ``Markup``."""
    kind = type(value)
    if kind is str:
        return _escaped_text(value)
    if kind is Markup:
        return value
    return escape(value)


# The types of our views' values, read by key in templates (``ViewEnvironment``).
_KEYED = frozenset({dict, Record, Strings})


class OutputCodeGenerator(CodeGenerator):
    """Jinja's code generator, with ``{{ ... }}`` output escaped by ``output_text`` (a fifth of a page's
    rendering went to building ``Markup`` objects that were joined into the page and dropped)."""

    def visit_Template(self, node, frame=None) -> None:
        self.writeline("output_text = environment.output_text")
        self.writeline("keyed_types = environment.keyed_types")
        super().visit_Template(node, frame)

    @optimizeconst
    def visit_Getattr(self, node, frame) -> None:
        """``e.title`` as ``ViewEnvironment.getattr`` reads it (a view's dict key first), written inline:
        an event page reads over a hundred values, and a method call each cost a sixth of its rendering.
        (``_attr_of`` holds the value being read; Jinja's own names never start with an underscore.)"""
        if self.environment.is_async:  # pragma: no cover - our environments are not async
            return super().visit_Getattr(node, frame)
        name = repr(node.attr)
        self.write("(_attr_of[" + name + "] if type(_attr_of := ")
        self.visit(node.node, frame)
        self.write(f") in keyed_types and {name} in _attr_of else environment.getattr(_attr_of, {name}))")

    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("output_text(")
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class ViewEnvironment(Environment):
    """Jinja, reading ``e.title`` in a template as the key of a dict first.

    Jinja tries ``getattr(obj, "title")`` first and the key only when that fails; our pages' values are
    dicts (``views.Record``, ``i18n.Strings``), a hundred and more per page, and a failed attribute lookup
    costs an exception each time. A key that is missing still falls back to Jinja's own rule.
    """

    def getattr(self, obj, attribute):
        if type(obj) in _KEYED:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return Environment.getattr(self, obj, attribute)

    code_generator_class = OutputCodeGenerator
    output_text = staticmethod(output_text)
    keyed_types = _KEYED

    def make_globals(self, d):
        """Each template's globals as one plain dict, not Jinja's ``ChainMap`` over the environment's.

        Jinja reads them on every render: it copies them into the page's context, lists their keys, and
        takes the difference of two key sets to import the macros. Over a ``ChainMap`` each of those is
        Python code walking both maps (about a twentieth of an event page's time). Our globals are all set
        before the first template is loaded and never change during a build, so a copy is the same."""
        return {**self.globals, **(d or {})}


@lru_cache(maxsize=256)
def icon_html(siteurl: str, name: str, size: str = "icon-sm") -> Markup:
    return Markup(
        '<svg class="icon {}" aria-hidden="true" focusable="false"><use href="{}/theme/svg/sprites.svg#{}"></use></svg>'
    ).format(size, Markup(siteurl), name)


def workers_wanted() -> int:
    """Processes for the pages: ``CARTELLONE_WORKERS``, else up to 2; 1 where fork() is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    value = os.environ.get(WORKERS_ENV, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    return min(2, os.cpu_count() or 1)


@dataclass
class SiteReport:
    """What the build wrote, for the summary line and the asset step."""

    pages: int = 0
    feeds: int = 0
    data_files: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    assets: AssetsJob | None = None  # PurgeCSS over sample pages (theme_assets.start_assets)
    missing: list = field(default_factory=list)  # integration modules not available yet
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)  # step -> seconds (wall clock), for the summary


# --------------------------------------------------------------------------- the site


class Site(Pages):
    """The page plan and its rendering; one instance per build."""

    def __init__(self, generator):
        self.cal_settings = generator.cal_settings
        self.today = generator.today
        self.catalogue = generator.catalogue
        self.output = Path(generator.output_path)
        self.output_text = str(self.output).rstrip("/") or "/"
        self.pelican_context = generator.context
        self.relative = bool(generator.settings.get("RELATIVE_URLS"))
        self.siteurl = (generator.settings.get("SITEURL") or "").rstrip("/")
        self.integrations = Integrations()
        self.vocab = load_vocabularies()
        settings = self.cal_settings
        self.base_url = U.site_base_url(settings.site_url, settings.uid_domain)
        history = self.integrations.read_history(settings)
        self.agenda = Agenda(self.catalogue, self.today, settings.tz, settings.conflicts.default_duration_minutes)
        self.urls = UrlMap(self.catalogue)
        self.data = SiteData(self.catalogue, self.agenda, self.urls, self.vocab, settings, self.base_url, history)
        self.groups = self.agenda.groups()
        holders = list(self.catalogue.venues.values()) + list(self.catalogue.organisers.values())
        self.comuni = {h.comune.istat: h.comune for h in holders}  # comuni with a venue or an organiser
        feeds = self.integrations.feeds
        self.province_names = dict(getattr(feeds, "PROVINCE_NAMES", {}) or {})
        options = {**generator.settings.get("JINJA_ENVIRONMENT", {}), "autoescape": True}  # always escape
        # One environment per language for all our pages (see ConstantLoader); templates do not change
        # during a build, so no stat() per render.
        files = FileSystemLoader(str(Path(generator.settings["THEME"]) / "templates"))
        self.envs = {}
        for lang in LANGS:
            env = self.envs[lang] = ViewEnvironment(
                loader=ConstantLoader(files, page_constants(lang, self.base_url)), auto_reload=False, **options
            )
            env.globals.update(template_globals(settings))
            env.globals.update(SITENAME=generator.settings.get("SITENAME", settings.site_name), SITEURL=MARK)
            # Our pages have one SITEURL (the root mark), so the icon needs no context (a function that
            # takes the context costs Jinja a derived context per call inside a block that sets variables).
            env.globals["icon"] = partial(icon_html, MARK)
            env.globals["entries"] = entries_html
        self.env = self.envs[LANGS[0]]  # for the globals, the same in both
        self.templates = {}
        self.items: dict[tuple, Item] = {}  # listing entries, rendered once (Pages.item)
        self.ends: dict[str, str | None] = {}  # identity -> when it ends (ISO), None when past
        self.chrome: dict[str, dict] = {}
        self.dirs_made: set[str] = set()  # output folders made so far (outfiles.make_folder)
        self.mirror_paths: list[str] = []  # the English guides and pages written by run_mirror
        self.cards: dict[str, dict[str, Markup]] = {}
        self.day_cards: dict[str, dict[str, Markup]] = {}
        self.links: dict[str, dict[str, Markup]] = {}

    # ---- rendering and writing

    def template(self, name: str, lang: str):
        key = (name, lang)
        if key not in self.templates:
            self.templates[key] = self.envs[lang].get_template(name)
        return self.templates[key]

    def prepare_templates(self) -> None:
        """Compile the theme's templates once, before the page processes fork (otherwise each compiles its
        own copy of those it uses), and render the header and footer."""
        for env in self.envs.values():
            for name in env.loader.inner.list_templates():
                if name.endswith(".html"):
                    env.get_template(name)
        self.render_chrome()

    def write(self, path: str, html: str) -> None:
        """Write ``<path>index.html`` with the site root resolved for that page (``outfiles``)."""
        root = relative_root(path) if self.relative else self.siteurl
        folder = f"{self.output_text}/{path}" if path else self.output_text
        make_folder(folder, self.dirs_made)
        # Replaced in the bytes: a page with any character past Latin-1 (a dash, curly quotes) is a
        # two-byte-per-character str, in which the search for the mark is twice as slow.
        write_bytes(f"{folder}/index.html", html.encode("utf-8").replace(MARK_BYTES, root.encode("utf-8")))

    def render(self, path: str, template: str, lang: str, **context) -> tuple[str, str]:
        context.setdefault("page_description", context.get("page_title", ""))
        html = self.template(template, lang).render(lang=lang, page_path=path, chrome=self.chrome[lang], **context)
        return localized(path, lang), html

    def render_chrome(self) -> None:
        """Header and footer, once per language: they only differ by the language switch link."""
        self.chrome = {}
        for lang in LANGS:
            common = {"lang": lang, "t": ui(lang)}
            header = self.template("_header.html", lang).render(switch_link=Markup("\x00S"), **common)
            top, rest = header.split("\x00S")
            footer = self.template("_footer.html", lang).render(**common)
            self.chrome[lang] = {"top": Markup(top), "rest": Markup(rest), "footer": Markup(footer)}

    # ---- 3. Markdown, once per text

    def markdown_texts(self) -> list[str]:
        """Every distinct Markdown text of the catalogue (descriptions and their translations)."""
        texts: set[str] = set()
        catalogue = self.catalogue
        for holder in (
            *catalogue.events.values(),
            *catalogue.organisers.values(),
            *catalogue.venues.values(),
            *catalogue.providers.values(),
        ):
            if holder.description:
                texts.add(holder.description)
            for values in (holder.translations or {}).values():
                if (values or {}).get("description"):
                    texts.add(values["description"])
        return sorted(texts)

    # ---- 4. cards, once per event and language

    def card_fragments(self, identity: str) -> tuple[str, ...]:
        """One event's listing fragments in every language: (card, card for a day's list, calendar link)."""
        event = self.catalogue.events[identity]
        out = []
        for lang in LANGS:
            card_template = self.template("_card.html", lang)
            t = ui(lang)
            card = event_card(event, self.data, lang)
            # Built as escaped text (``Markup.format`` runs Python's string formatter: slower, same result).
            place = f" · {escape(card['place'])}" if card["place"] else ""
            more = f" ({escape(t['more_dates'].format(n=card['more']))})" if card["more"] else ""
            when = f'<time datetime="{escape(card["when_iso"])}">{escape(card["when"])}</time>{more}'
            html = card_template.render(c=card, t=t, lang=lang, when_line=Markup("\x00W"))
            badge = ""
            if card["status"]:
                badge = f' <span class="{escape(card["status_class"])}">{escape(card["status_label"])}</span>'
            link = f'<a href="{MARK}/{escape(card["url"])}">{escape(card["title"])}</a>{badge}'
            out += [html.replace("\x00W", when + place), html.replace("\x00W", escape(card["place"])), link]
        return tuple(out)

    def render_cards(self, workers: int) -> None:
        """Every event's fragments, rendered once (over ``workers`` processes) and reused by every listing."""
        identities = list(self.catalogue.events)
        fragments = parallel_map(self.card_fragments, identities, workers)
        for i, lang in enumerate(LANGS):
            self.cards[lang] = {k: Markup(f[3 * i]) for k, f in zip(identities, fragments, strict=True)}
            self.day_cards[lang] = {k: Markup(f[3 * i + 1]) for k, f in zip(identities, fragments, strict=True)}
            self.links[lang] = {k: Markup(f[3 * i + 2]) for k, f in zip(identities, fragments, strict=True)}

    # ---- 2. the plan

    def plan(self) -> list[tuple]:
        """Every page to write, as (kind, key) jobs; each job writes its Italian and English pages."""
        jobs: list[tuple] = [("home", None), ("calendar", None), ("regional", None)]
        jobs += [("month", ym) for ym in self.agenda.months]
        jobs += [("day", d) for d in self.agenda.days]
        for kind in ("category", "comune", "province", "venue", "organiser"):
            jobs.append((f"{kind}-index", None))
            jobs += [(kind, key) for key in sorted(self.groups[kind])]
        jobs += [("providers", None)]
        jobs += [("service", key) for key in self.vocab.lists["services"]]
        jobs += [("provider", pid) for pid in sorted(self.catalogue.providers)]
        jobs += [("guides", None), ("search", None)]
        jobs += [("event", identity) for identity in sorted(self.catalogue.events)]
        return jobs

    def sample_jobs(self, jobs) -> list[int]:
        """The number of the first job of each kind in the plan: its pages are the samples of their
        template whose selectors the pruned CSS keeps."""
        kinds: set[str] = set()
        return [i for i, (kind, _key) in enumerate(jobs) if not (kind in kinds or kinds.add(kind))]

    def first_page_paths(self, jobs) -> list[str]:
        """The path of each job's first page, in each language."""
        return [localized(next(iter(self.job_pages(kind, key)))[0], lang) for kind, key in jobs for lang in LANGS]

    def paths_of(self, jobs) -> list[str]:
        """The Italian paths the jobs write (each also under ``en/``), for the sitemap and the duplicate check."""
        out = []
        for kind, key in jobs:
            out.extend(path for path, _ in self.job_pages(kind, key))
        return out

    def job_pages(self, kind: str, key):
        """(Italian path, builder) pairs of one job; ``builder(lang)`` renders that page in ``lang``."""
        method = getattr(self, "pages_" + kind.replace("-", "_"))
        return method(key)

    def run_job(self, kind: str, key) -> int:
        written = 0
        for _path, build in self.job_pages(kind, key):
            for lang in LANGS:
                out_path, html = build(lang)
                self.write(out_path, html)
                written += 1
        return written

    def copy_images(self) -> int:
        copied = 0
        root = self.cal_settings.root
        for identity, event in self.catalogue.events.items():
            source = event_image_source(event)
            if source is None:
                continue
            target = self.output / self.urls.events[identity] / event.image["src"]
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(root / source, target)
                copied += 1
            except OSError as exc:
                log.warning("%s: immagine non copiata / image not copied: %s", event.file, exc)
        return copied


# --------------------------------------------------------------------------- 5. processes


def _child(target, conn, *args):
    """Run ``target(*args)`` in a forked process and send back its result (or the error)."""
    try:
        conn.send(("ok", target(*args)))
    except BaseException as exc:  # reported to the parent, which fails the build
        import traceback

        conn.send(("error", f"{exc!r}\n{traceback.format_exc()}"))
    finally:
        conn.close()


def start(target, *args):
    """Fork a process running ``target(*args)``; returns a handle for ``finish``."""
    ctx = multiprocessing.get_context("fork")
    parent_conn, child_conn = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(target, child_conn, *args), daemon=False)
    process.start()
    child_conn.close()
    return process, parent_conn


def finish(handle):
    process, conn = handle
    try:
        status, value = conn.recv()
    except EOFError:
        status, value = "error", "il processo è terminato senza risposta / the process died"
    process.join()
    if status != "ok":
        raise RuntimeError(f"errore in un processo della generazione / a build process failed: {value}")
    return value


def timed(fn, *args):
    """``(fn(*args), seconds)``."""
    t0 = time.perf_counter()
    return fn(*args), time.perf_counter() - t0


def _map_claims(fn, items: list, counter: JobCounter) -> list[tuple[int, object]]:
    return [(i, fn(items[i])) for numbers in counter.claims() for i in numbers]


def parallel_map(fn, items: list, workers: int, meanwhile=None) -> list:
    """``[fn(x) for x in items]`` over ``workers`` forked processes, each taking the next items when it
    is ready (``JobCounter``), order kept. ``meanwhile()``, if given, runs in this process first, while
    the others start on the items (its effects stay in this process only)."""
    if workers <= 1:
        if meanwhile is not None:
            meanwhile()
        return [fn(item) for item in items]
    counter = JobCounter(len(items), chunk=64)
    helpers = [start(_map_claims, fn, items, counter) for _ in range(1, workers)]
    if meanwhile is not None:
        meanwhile()
    done = _map_claims(fn, items, counter)
    out = [None] * len(items)
    for i, value in itertools.chain(done, *(finish(h) for h in helpers)):
        out[i] = value
    return out


class JobCounter:
    """The next job (a page to render, a text to convert...), in memory shared by forked processes: each
    takes the next ``chunk`` jobs whenever it is ready, so they finish together however much each job
    costs (fixed shares left one process working alone for most of a second at 10k events)."""

    def __init__(self, total: int, chunk: int = 32):
        self.total, self.chunk = total, chunk
        self.next = multiprocessing.get_context("fork").Value("q", 0)  # with its own lock

    def claims(self):
        """Ranges of job numbers for this process, until every job is taken."""
        while True:
            with self.next.get_lock():
                first = self.next.value
                self.next.value = first + self.chunk
            if first >= self.total:
                return
            yield range(first, min(first + self.chunk, self.total))


def render_share(site: Site, jobs: list, counter: JobCounter, worker: int, workers: int, say=log.info) -> dict:
    """Render the jobs this process claims from ``counter``; report progress every PROGRESS_EVERY pages."""
    written, next_log = 0, PROGRESS_EVERY
    for numbers in counter.claims():
        for number in numbers:
            written += site.run_job(*jobs[number])
            if written >= next_log:
                say(f"Cartellone: {written} pagine scritte (processo {worker + 1} di {workers})")
                next_log += PROGRESS_EVERY
    return {"pages": written}


# --------------------------------------------------------------------------- entry point


def write_site(generator, writer=None, say=log.info) -> SiteReport:
    """Write every page of the calendar under the generator's output path (see the module docstring).

    ``say`` prints progress lines (the Pelican glue passes Pelican's console)."""
    t0 = last = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        nonlocal last
        now = time.perf_counter()
        timings[step] = now - last
        last = now

    gc.unfreeze()  # what an earlier build in this process left frozen (pelican --autoreload), see below
    site = Site(generator)  # 1.
    jobs = site.plan()  # 2.
    workers = workers_wanted() if len(jobs) >= PARALLEL_FROM else 1
    lap("piano")
    # The catalogue is read-only from here: keep the collector off it, so it is not traversed again and
    # again, and forked processes share its memory instead of copying the pages the collector touches.
    gc.freeze()
    texts = site.markdown_texts()  # 3.
    page_paths: list[str] = []

    def meanwhile():  # in this process, while the other one starts on the Markdown
        site.prepare_templates()
        page_paths.extend(site.paths_of(jobs))

    converted = parallel_map(site.integrations.convert_with_text, texts, workers, meanwhile=meanwhile)
    duplicates = [p for p, n in Counter(page_paths).items() if n > 1]
    if duplicates:
        raise RuntimeError(f"pagine con lo stesso indirizzo / pages sharing a path: {duplicates[:10]}")
    site.integrations.use_markdown_cache(
        {t: c[0] for t, c in zip(texts, converted, strict=True)},
        {t: c[1] for t, c in zip(texts, converted, strict=True)},
    )
    lap("markdown")
    site.render_cards(workers)  # 4.
    gc.freeze()  # the cards too
    lap("schede")
    # 5. A sample page of every template, and the guides, first: PurgeCSS reads them in the background
    # (theme_assets) while the rest is written.
    samples = set(site.sample_jobs(jobs))
    sample_jobs = [jobs[i] for i in sorted(samples)]
    pages = sum(site.run_job(*job) for job in sample_jobs) + site.run_mirror()
    assets = start_assets(
        site.output,
        sorted(set(site.first_page_paths(sample_jobs) + site.mirror_paths)),
        Path(generator.settings["THEME"]) / "templates",
        css_classes(),
        root=site.cal_settings.root,
    )
    rest = [job for i, job in enumerate(jobs) if i not in samples]
    pelican_paths = [c.url for c in site.pelican_context.get("articles", []) + site.pelican_context.get("pages", [])]
    all_paths = [*page_paths, U.FEEDS_PAGE, *pelican_paths]
    side = start(timed, write_side_outputs, site, all_paths) if workers > 1 else None  # 6.
    counter = JobCounter(len(rest))
    helpers = [start(render_share, site, rest, counter, w, workers, say) for w in range(1, workers)]
    results = [render_share(site, rest, counter, 0, workers, say)] + [finish(h) for h in helpers]
    lap("pagine")
    side_result, side_seconds = finish(side) if side is not None else timed(write_side_outputs, site, all_paths)
    lap("attesa calendari e dati")
    pages += sum(r["pages"] for r in results)
    pages += site.write_feeds_page(side_result["feeds"], side_result["data_files"])  # 7.
    site.copy_images()
    lap("guide, immagini")
    timings["calendari e dati (in parallelo)"] = side_seconds
    timings.update({f"{step} (in parallelo)": s for step, s in side_result.get("timings", {}).items()})
    site.integrations.drop_markdown_cache()
    # The frozen objects stay frozen: unfrozen, the collector's last full pass at exit walked them all
    # (about 0.35 s at 10k events). Objects without cycles are freed as usual; a next build in the same
    # process unfreezes the rest at its start, so they are collected then.
    report = SiteReport(
        pages=pages,
        feeds=len(side_result["feeds"]),
        data_files=side_result["data_files"],
        warnings=side_result["warnings"],
        assets=assets,
        missing=site.integrations.missing(),
        seconds=time.perf_counter() - t0,
        timings=timings,
    )
    return report
