"""Golden files: the feeds of the sample repository, byte for byte, with a fixed clock and history.

The sample is tests/feeds_sample.py (today = 2026-12-01); the history is fixed here, so the files
show real DTSTAMP/SEQUENCE values. After an intended change of the feeds, regenerate and review the
diff of ``tests/golden/data/``:

    pytest tests/golden --regen-golden        (or CARTELLONE_REGEN_GOLDEN=1 pytest tests)
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from cartellone.feeds import write_feeds
from cartellone.history import History, Revision
from feeds_sample import TODAY, load_sample, make_feeds_repo

DATA = Path(__file__).parent / "data"
UTC = UTC

# Representative files: the Region (every case), a comune, a weekly repeat, a series of dates,
# an all-day span, a cancelled event.
GOLDEN = (
    "feeds/cultura.ics",
    "feeds/comune/032006-trieste.ics",
    "eventi/verdi/corso-teatro/evento.ics",
    "eventi/rossetti/amleto/evento.ics",
    "eventi/verdi/festival-estate/evento.ics",
    "eventi/rossetti/annullato/evento.ics",
)

HISTORY = History(
    {
        "events/rossetti/annullato.yaml": Revision(
            datetime(2026, 9, 1, 8, 0, tzinfo=UTC), datetime(2026, 11, 20, 10, 15, tzinfo=UTC), 2
        ),
        "events/verdi/corso-teatro.yaml": Revision(
            datetime(2026, 10, 5, 14, 0, tzinfo=UTC), datetime(2026, 11, 2, 16, 30, tzinfo=UTC), 1
        ),
        "events/rossetti/amleto.yaml": Revision(
            datetime(2026, 9, 15, 9, 0, tzinfo=UTC), datetime(2026, 9, 15, 9, 0, tzinfo=UTC), 0
        ),
    },
    Revision(datetime(2026, 8, 1, tzinfo=UTC), datetime(2026, 8, 1, tzinfo=UTC), 0),
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("golden")
    root = make_feeds_repo(base / "repo")
    settings, catalogue = load_sample(root)
    report = write_feeds(catalogue, settings, base / "out", TODAY, HISTORY)
    return base / "out", report


def _compare(regen: bool, name: str, data: bytes) -> None:
    target = DATA / name
    if regen:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        return
    assert target.is_file(), f"{target} is missing: run pytest tests/golden --regen-golden"
    assert data == target.read_bytes(), (
        f"{name} differs from its golden file; if the change is intended, run "
        "pytest tests/golden --regen-golden and review the diff"
    )


@pytest.mark.parametrize("name", GOLDEN)
def test_feed_matches_its_golden_file(built, regen_golden, name):
    out, _ = built
    _compare(regen_golden, name, (out / name).read_bytes())


def test_list_of_feeds_matches(built, regen_golden):
    _, report = built
    listing = "".join(f"{p}\n" for p in report.paths).encode()
    _compare(regen_golden, "paths.txt", listing)
