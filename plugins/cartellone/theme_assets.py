"""The theme's assets, self-hosted and pruned: Bootstrap Italia from ``node_modules`` (npm, pinned),
never from a CDN, and never committed.

``start_assets`` runs ONCE per build, as soon as a sample page of every template is written: PurgeCSS
(Node) then works in the background while the rest of the site is written, and ``finish_assets`` takes
its result at the end and writes:

1. CSS: Bootstrap Italia's stylesheet run through PurgeCSS (npm ``purgecss``, pinned) over sample
   pages of every template plus the templates' source, so only the selectors the site uses stay
   (``:root`` custom properties are kept: PurgeCSS's ``variables`` option stays off); then the
   ``@font-face`` rules of the font families the remaining CSS names, and the theme's own CSS, all in
   one file, ``theme/css/site.css``;
2. fonts: the WOFF2 files of those families only, into ``theme/fonts/``;
3. icons: the SVG sprite reduced to the ``<symbol>``\\ s the pages reference, ``theme/svg/sprites.svg``;
4. the search page's scripts, lunr.js and lunr-languages (``SEARCH_SCRIPTS``), into ``theme/js/``.

The purged CSS is cached by the hash of its inputs (``cache/assets/``), so a rebuild whose templates
did not change skips Node entirely. Without ``node_modules`` the build stops before writing anything,
with the command that fixes it (``check_sources``, called at start-up).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .markup import ALLOWED_TAGS

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the repository holding plugins/cartellone
BI_DIST = Path("bootstrap-italia") / "dist"
BI_CSS = BI_DIST / "css" / "bootstrap-italia.min.css"
BI_SPRITE = BI_DIST / "svg" / "sprites.svg"
BI_FONTS = BI_DIST / "fonts"
PURGECSS = Path("purgecss") / "bin" / "purgecss.js"
# The search page's scripts (search.html), copied as they are into theme/js/: lunr.js and lunr-languages'
# Italian support (their minified files keep their licence headers).
SEARCH_SCRIPTS = (
    Path("lunr") / "lunr.min.js",
    Path("lunr-languages") / "min" / "lunr.stemmer.support.min.js",
    Path("lunr-languages") / "min" / "lunr.it.min.js",
)
OWN_CSS = Path("assets") / "cartellone.css"  # under the theme folder; not copied as-is by Pelican
PURGE_TIMEOUT = 300
CACHE_VERSION = "1"

# Font families of Bootstrap Italia: (folder, file stem, weight, style), WOFF2 only (every browser
# in use reads it; the EOT/SVG/TTF variants serve browsers long gone).
FONTS = {
    "Titillium Web": [
        ("Titillium_Web", "titillium-web-v10-latin-ext_latin-300", 300, "normal"),
        ("Titillium_Web", "titillium-web-v10-latin-ext_latin-regular", 400, "normal"),
        ("Titillium_Web", "titillium-web-v10-latin-ext_latin-italic", 400, "italic"),
        ("Titillium_Web", "titillium-web-v10-latin-ext_latin-600", 600, "normal"),
        ("Titillium_Web", "titillium-web-v10-latin-ext_latin-700", 700, "normal"),
    ],
    "Roboto Mono": [
        ("Roboto_Mono", "roboto-mono-v13-latin-ext_latin-regular", 400, "normal"),
        ("Roboto_Mono", "roboto-mono-v13-latin-ext_latin-700", 700, "normal"),
    ],
    "Lora": [
        ("Lora", "lora-v20-latin-ext_latin-regular", 400, "normal"),
        ("Lora", "lora-v20-latin-ext_latin-700", 700, "normal"),
    ],
}
# Selectors PurgeCSS cannot see in the HTML: states set by the browser, and the elements a sanitised
# Markdown description may contain (markup.ALLOWED_TAGS), which only some events use.
SAFELIST = [*sorted(ALLOWED_TAGS), "details", "summary"]
_ICON = re.compile(r"(?:sprites\.svg#|icon\(\")(it-[A-Za-z0-9_-]+)")  # in pages, and in templates' icon("...")
_SYMBOL = re.compile(r'<symbol id="([^"]+)".*?</symbol>', re.S)


class AssetsError(Exception):
    """The npm packages are missing; the message says how to install them."""


@dataclass
class AssetsReport:
    css_bytes: int
    icons: int
    fonts: int
    cached: bool  # the purged CSS came from cache/assets/
    seconds: float = 0.0


def node_modules(root: Path | None = None) -> Path | None:
    """The ``node_modules`` with Bootstrap Italia: the site's own, else the one next to this package."""
    for base in ([Path(root)] if root is not None else []) + [PACKAGE_ROOT]:
        candidate = base / "node_modules"
        if (candidate / BI_CSS).is_file():
            return candidate
    return None


def check_sources(root: Path | None = None) -> Path:
    """The ``node_modules`` folder to use; raises ``AssetsError`` (with the fix) when something is missing."""
    modules = node_modules(root)
    needed = [BI_CSS, BI_SPRITE, BI_FONTS, PURGECSS, *SEARCH_SCRIPTS]
    missing = [str(p) for p in needed if modules is None or not (modules / p).exists()]
    if missing or shutil.which("node") is None:
        what = ", ".join(missing) if missing else "node"
        raise AssetsError(
            f"mancano i pacchetti npm del tema ({what}): esegui `npm ci` nella cartella del progetto "
            "(`make html` lo fa da solo) / the theme's npm packages are missing: run `npm ci`"
        )
    return modules


def collect_purge_input(
    folder: Path, output_dir: Path, page_paths, templates_dir: Path, classes: set[str] = frozenset()
) -> None:
    """Fill ``folder`` with what PurgeCSS must see: the written pages ``page_paths`` (folder paths
    under ``output_dir``: one page per template and language, every guide), the templates' source
    (which names every class a template can emit, also those the sample pages happen not to use) and
    ``classes`` that code puts in pages (such as the colours of status labels)."""
    for i, rel in enumerate(page_paths):
        source = Path(output_dir) / rel / "index.html"
        if source.is_file():
            (folder / f"{i:04d}.html").write_bytes(source.read_bytes())
    for template in sorted(Path(templates_dir).glob("*.html")):
        (folder / f"template-{template.name}").write_bytes(template.read_bytes())
    (folder / "classes.html").write_text(f'<div class="{" ".join(sorted(classes))}"></div>\n', encoding="utf-8")


def _font_faces(css: str, fonts_dir: Path, out_dir: Path) -> tuple[str, int]:
    """@font-face rules for the families ``css`` names, with their WOFF2 files copied to ``out_dir``."""
    rules, copied = [], 0
    for family, files in FONTS.items():
        if family not in css:
            continue
        for folder, stem, weight, style in files:
            source = fonts_dir / folder / f"{stem}.woff2"
            if not source.is_file():
                continue
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out_dir / folder / source.name)
            copied += 1
            rules.append(
                f'@font-face{{font-family:"{family}";font-style:{style};font-weight:{weight};font-display:swap;'
                f'src:url(../fonts/{folder}/{source.name}) format("woff2")}}'
            )
    return "\n".join(rules), copied


def subset_sprite(sprite: str, icons: set[str]) -> str:
    """The sprite with only the ``<symbol>``\\ s named in ``icons``, in their original order."""
    kept = [m.group(0) for m in _SYMBOL.finditer(sprite) if m.group(1) in icons]
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(kept) + "</svg>\n"


@dataclass
class AssetsJob:
    """The purge input and, unless the purged CSS was in the cache, PurgeCSS running over it."""

    modules: Path
    folder: tempfile.TemporaryDirectory  # the purge input (collect_purge_input)
    cache_file: Path
    process: subprocess.Popen | None = None
    out: tempfile.TemporaryDirectory | None = None  # where PurgeCSS writes
    seconds: float = 0.0  # spent by this build on it (not counting PurgeCSS's time in the background)

    @property
    def pages(self) -> list[Path]:
        return _html_files(self.folder)


def _html_files(folder: tempfile.TemporaryDirectory) -> list[Path]:
    return sorted(Path(folder.name).glob("*.html"))


def start_assets(
    output_dir: Path,
    page_paths,
    templates_dir: Path,
    classes: set[str] = frozenset(),
    *,
    root: Path | None = None,
    cache_dir: Path | None = None,
) -> AssetsJob:
    """Collect the purge input (``collect_purge_input``) and start PurgeCSS on it, unless ``cache_dir``
    (default: ``<root>/cache``) has the purged CSS of the same input; ``finish_assets`` ends the job."""
    t0 = time.perf_counter()
    root = Path(root) if root is not None else Path.cwd()
    modules = check_sources(root)
    folder = tempfile.TemporaryDirectory(prefix="cartellone-purge-")
    collect_purge_input(Path(folder.name), Path(output_dir), page_paths, templates_dir, classes)
    bi_css = modules / BI_CSS
    digest = hashlib.sha256(CACHE_VERSION.encode())
    digest.update(bi_css.read_bytes())
    for page in _html_files(folder):
        digest.update(page.read_bytes())
    cache_dir = Path(cache_dir) if cache_dir is not None else root / "cache"
    job = AssetsJob(modules, folder, cache_dir / "assets" / f"{digest.hexdigest()[:32]}.css")
    if not job.cache_file.is_file():
        job.out = tempfile.TemporaryDirectory(prefix="cartellone-css-")
        cmd = [
            "node",
            str(modules / PURGECSS),
            "--css",
            str(bi_css),
            "--content",
            str(Path(folder.name) / "*.html"),
            "--font-face",
            "--keyframes",
            "--safelist",
            *SAFELIST,
            "--output",
            job.out.name,
        ]
        # Errors go to a file: a pipe nobody reads until the end could fill up and stall Node.
        errors = open(Path(job.out.name) / "purgecss-errors.txt", "w", encoding="utf-8")  # noqa: SIM115
        with errors:
            job.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)
    job.seconds = time.perf_counter() - t0
    return job


def _purged_css(job: AssetsJob) -> tuple[str, bool]:
    """The purged CSS (waiting for PurgeCSS if it runs) and whether it came from the cache."""
    if job.process is None:
        return job.cache_file.read_text(encoding="utf-8"), True
    try:
        code = job.process.wait(timeout=PURGE_TIMEOUT)
    except subprocess.TimeoutExpired:
        job.process.kill()
        raise AssetsError(f"purgecss non ha finito in {PURGE_TIMEOUT} s / purgecss timed out") from None
    out = Path(job.out.name)
    if code != 0:
        errors = (out / "purgecss-errors.txt").read_text(encoding="utf-8", errors="replace")
        raise AssetsError(f"purgecss non è riuscito / purgecss failed: {errors.strip()[-2000:]}")
    purged = (out / BI_CSS.name).read_text(encoding="utf-8")
    try:
        job.cache_file.parent.mkdir(parents=True, exist_ok=True)
        for old in job.cache_file.parent.glob("*.css"):  # one entry: the last build's
            old.unlink()
        job.cache_file.write_text(purged, encoding="utf-8")
    except OSError:
        pass  # a read-only tree still builds, only slower next time
    return purged, False


def finish_assets(output_dir: Path, job: AssetsJob, *, theme_dir: Path) -> AssetsReport:
    """Write ``theme/css/site.css``, ``theme/fonts/``, ``theme/svg/sprites.svg`` and the search scripts
    under ``output_dir``, from ``job`` (``start_assets``); ``theme_dir`` has the site's own CSS."""
    t0 = time.perf_counter()
    output_dir, modules = Path(output_dir), job.modules
    try:
        purged, cached = _purged_css(job)
        theme_out = output_dir / "theme"
        fonts, n_fonts = _font_faces(purged, modules / BI_FONTS, theme_out / "fonts")
        own_file = Path(theme_dir) / OWN_CSS
        own = own_file.read_text(encoding="utf-8") if own_file.is_file() else ""
        css = f"/* Bootstrap Italia (BSD-3-Clause), ridotto alle regole usate dal sito */\n{fonts}\n{purged}\n{own}"
        (theme_out / "css").mkdir(parents=True, exist_ok=True)
        (theme_out / "css" / "site.css").write_text(css, encoding="utf-8")

        icons: set[str] = set()
        for page in job.pages:
            icons.update(_ICON.findall(page.read_text(encoding="utf-8")))
        sprite = subset_sprite((modules / BI_SPRITE).read_text(encoding="utf-8"), icons)
        (theme_out / "svg").mkdir(parents=True, exist_ok=True)
        (theme_out / "svg" / "sprites.svg").write_text(sprite, encoding="utf-8")
        (theme_out / "js").mkdir(parents=True, exist_ok=True)
        for script in SEARCH_SCRIPTS:
            shutil.copyfile(modules / script, theme_out / "js" / script.name)
    finally:
        job.folder.cleanup()
        if job.out is not None:
            job.out.cleanup()
    seconds = job.seconds + time.perf_counter() - t0
    return AssetsReport(len(css.encode()), sprite.count("<symbol"), n_fonts, cached, seconds)
