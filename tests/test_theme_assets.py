"""The theme's pruned CSS: PurgeCSS started in the background over sample pages, finished at the end."""

from __future__ import annotations

import pytest
from cartellone import theme_assets
from cartellone.theme_assets import AssetsError, finish_assets, start_assets
from helpers import REPO_ROOT

PAGE = """<!doctype html><html><body><span class="badge bg-danger">x</span>
<svg class="icon"><use href="./theme/svg/sprites.svg#it-calendar"></use></svg></body></html>"""


@pytest.fixture
def site(tmp_path):
    output, templates = tmp_path / "out", tmp_path / "templates"
    (output / "eventi" / "a").mkdir(parents=True)
    (output / "eventi" / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    templates.mkdir()
    (templates / "base.html").write_text('<p class="lead">{{ x }}</p>', encoding="utf-8")
    return output, templates, tmp_path / "cache"


def build(output, templates, cache):
    job = start_assets(output, ["eventi/a/"], templates, {"alert-info"}, root=REPO_ROOT, cache_dir=cache)
    running = job.process is not None
    return running, finish_assets(output, job, theme_dir=REPO_ROOT / "theme")


def test_purge_keeps_what_pages_templates_and_code_use_and_is_cached(site):
    output, templates, cache = site
    running, report = build(output, templates, cache)
    assert running and not report.cached  # PurgeCSS ran in the background
    css = (output / "theme" / "css" / "site.css").read_text(encoding="utf-8")
    assert ".bg-danger{" in css and ".lead{" in css and ".alert-info{" in css  # page, template, code
    assert ".carousel" not in css and ".modal{" not in css  # nothing uses them
    assert 'id="it-calendar"' in (output / "theme" / "svg" / "sprites.svg").read_text(encoding="utf-8")
    assert len(list((cache / "assets").glob("*.css"))) == 1
    running, again = build(output, templates, cache)
    assert not running and again.cached  # the same input: no Node
    assert (output / "theme" / "css" / "site.css").read_text(encoding="utf-8") == css


def test_a_failing_purge_stops_with_its_error(site, tmp_path):
    """A PurgeCSS that fails (here a stand-in that prints an error) stops the build with its message."""
    output, templates, cache = site
    modules = tmp_path / "fake" / "node_modules"
    for rel in (theme_assets.BI_CSS, theme_assets.BI_SPRITE, *theme_assets.SEARCH_SCRIPTS):
        (modules / rel).parent.mkdir(parents=True, exist_ok=True)
        (modules / rel).write_text("", encoding="utf-8")
    (modules / theme_assets.BI_FONTS).mkdir(parents=True, exist_ok=True)
    (modules / theme_assets.PURGECSS).parent.mkdir(parents=True)
    (modules / theme_assets.PURGECSS).write_text('console.error("boom: no CSS"); process.exit(2);\n')
    job = start_assets(output, ["eventi/a/"], templates, root=modules.parent, cache_dir=cache)
    with pytest.raises(AssetsError, match="purgecss non è riuscito / purgecss failed: boom: no CSS"):
        finish_assets(output, job, theme_dir=REPO_ROOT / "theme")
    assert not (output / "theme" / "css").exists()
