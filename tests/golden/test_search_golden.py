"""Golden file: the search index of the feeds' sample repository (tests/feeds_sample.py, today
2026-12-01), as search.py builds it. Stored indented, one value per line, so a change shows as a
readable diff; the comparison is of the parsed content. After an intended change of the index:

    pytest tests/golden --regen-golden        (or CARTELLONE_REGEN_GOLDEN=1 pytest tests)
"""

from __future__ import annotations

import json
from pathlib import Path

from cartellone.agenda import Agenda
from cartellone.search import search_index_json
from cartellone.urls import UrlMap
from cartellone.views import SiteData
from cartellone.vocabulary import load_vocabularies
from feeds_sample import TODAY, load_sample, make_feeds_repo

GOLDEN = Path(__file__).parent / "data" / "cerca" / "indice.json"


def test_search_index_matches_its_golden_file(tmp_path, regen_golden):
    settings, catalogue = load_sample(make_feeds_repo(tmp_path / "repo"))
    agenda = Agenda(catalogue, TODAY, settings.tz, settings.conflicts.default_duration_minutes)
    data = SiteData(catalogue, agenda, UrlMap(catalogue), load_vocabularies(), settings, "https://example.org")
    content = json.loads(search_index_json(data))
    if regen_golden:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        return
    assert GOLDEN.is_file(), f"{GOLDEN} is missing: run pytest tests/golden --regen-golden"
    assert content == json.loads(GOLDEN.read_text(encoding="utf-8")), (
        "the search index differs from its golden file; if the change is intended, run "
        "pytest tests/golden --regen-golden and review the diff"
    )
