"""Loading a repository tree: places, names, symlinks, references, identities, images."""

from __future__ import annotations

import os

import pytest
from cartellone.findings import Severity
from cartellone.messages import MESSAGES
from helpers import (
    EVENT_YAML,
    ORGANISER_YAML,
    VENUE_YAML,
    for_file,
    load,
    write_event,
    write_file,
    write_organiser,
    write_venue,
)


def triples(findings):
    return sorted((f.file, f.line, f.field, f.code) for f in findings)


def rendered(findings) -> str:
    return "\n".join(f.message(lang) for f in findings for lang in ("it", "en")) + "\n".join(str(f) for f in findings)


def check_all(findings):
    for f in findings:
        assert f.code in MESSAGES
        assert f.file and not f.file.startswith("/")
        for lang in ("it", "en"):
            assert "{" not in f.message(lang), (f.code, f.message(lang))


def test_the_fixture_repository_is_clean(repo):
    write_event(repo, "org-a", "concerto", EVENT_YAML)
    result = load(repo)
    assert result.findings == []
    assert set(result.catalogue.organisers) == {"org-a"}
    assert set(result.catalogue.venues) == {"teatro-x"}
    assert result.catalogue.venues["teatro-x"].comune.name == "Pordenone"
    assert set(result.catalogue.events) == {"org-a/concerto"}


# --- places and names ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "hint"),
    [
        ("events/x.yaml", "events/<organiser-id>/<event-name>.yaml"),
        ("events/org-a/sub/x.yaml", "events/<organiser-id>/<event-name>.yaml"),
        ("organisers/sub/x.yaml", "organisers/<id>.yaml"),
        ("venues/a/b/x.yaml", "venues/<id>.yaml"),
        ("providers/sub/x.yaml", "providers/<id>.yaml"),
    ],
)
def test_files_in_the_wrong_place(repo, rel, hint):
    write_file(repo, rel, EVENT_YAML)
    result = load(repo)
    check_all(result.findings)
    assert triples(result.findings) == [(rel, None, None, "wrong-place")]
    assert hint in result.findings[0].message("en")
    assert result.catalogue.events == {}


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Upper.yaml", "upper"),
        ("Concerto Natale.yaml", "concerto-natale"),
        ("concerto.yml", "concerto"),
        ("concerto_natale.yaml", "concerto-natale"),
        ("concerto.YAML", "concerto"),
        ("-concerto.yaml", "concerto"),
        ("concerto--natale.yaml", "concerto-natale"),
        ("concerto.txt", "concerto"),
    ],
)
def test_bad_file_names(repo, name, suggestion):
    write_event(repo, "org-a", name, EVENT_YAML)
    result = load(repo)
    check_all(result.findings)
    rel = f"events/org-a/{name}"
    assert triples(result.findings) == [(rel, None, None, "bad-filename")]
    f = result.findings[0]
    assert dict(f.params)["suggestion"] == suggestion
    assert f"{suggestion}.yaml" in f.message("it") and f"{suggestion}.yaml" in f.message("en")


def test_bad_organiser_and_venue_file_names(repo):
    write_file(repo, "organisers/Org B.yaml", ORGANISER_YAML)
    write_file(repo, "venues/teatro.yml", VENUE_YAML)
    assert triples(load(repo).findings) == [
        ("organisers/Org B.yaml", None, None, "bad-filename"),
        ("venues/teatro.yml", None, None, "bad-filename"),
    ]


def test_images_next_to_events_and_ignored_files_are_fine(repo):
    write_event(repo, "org-a", "concerto", EVENT_YAML)
    write_file(repo, "events/org-a/locandina.jpg", b"\xff\xd8")
    write_file(repo, "events/org-a/.gitkeep", "")
    write_file(repo, "events/README.md", "Eventi")
    assert load(repo).findings == []


# --- symlinks ---------------------------------------------------------------------------------------


def test_symlink_to_a_file_inside_the_tree(repo):
    real = write_event(repo, "org-a", "vero", EVENT_YAML)
    os.symlink(real, repo / "events" / "org-a" / "copia.yaml")
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/copia.yaml", None, None, "symlink")]
    assert set(result.catalogue.events) == {"org-a/vero"}


def test_a_symlinked_content_folder_is_reported_not_followed(repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "x.yaml").parent.mkdir(parents=True)
    (elsewhere / "x.yaml").write_text("name: Fuori\n", encoding="utf-8")
    os.symlink(elsewhere, repo / "providers", target_is_directory=True)
    result = load(repo)
    assert triples(result.findings) == [("providers", None, None, "symlink")]
    assert result.catalogue.providers == {}


def test_a_pipe_in_the_tree_is_reported_and_never_opened(repo):
    write_event(repo, "org-a", "vero", EVENT_YAML)
    os.mkfifo(repo / "events" / "org-a" / "tubo.yaml")  # opening it for reading would block for ever
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/tubo.yaml", None, None, "not-a-file")]
    assert set(result.catalogue.events) == {"org-a/vero"}


SECRET = "TOP-SECRET-line-that-must-never-be-shown"


@pytest.mark.parametrize("where", ["events/org-a/pw.yaml", "organisers/pw.yaml", "venues/pw.yaml", "providers/pw.yaml"])
def test_symlink_outside_the_tree_is_never_read(repo, tmp_path, where):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.yaml"
    secret.write_text(f"title: {SECRET}\n{SECRET}: [\n", encoding="utf-8")  # would give findings quoting it
    link = repo / where
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(secret, link)
    result = load(repo)
    check_all(result.findings)
    assert triples(result.findings) == [(where, None, None, "symlink")]
    assert SECRET not in rendered(result.findings)


def test_symlink_to_etc_passwd(repo):
    if not os.path.exists("/etc/passwd"):
        pytest.skip("no /etc/passwd")
    os.symlink("/etc/passwd", repo / "events" / "org-a-passwd.yaml")
    (repo / "events" / "org-a").mkdir()
    os.symlink("/etc/passwd", repo / "events" / "org-a" / "passwd.yaml")
    os.symlink("/etc/passwd", repo / "venues" / "passwd.yaml")
    result = load(repo)
    codes = {(f.file, f.code) for f in result.findings}
    assert ("events/org-a/passwd.yaml", "symlink") in codes
    assert ("venues/passwd.yaml", "symlink") in codes
    assert all(f.code in {"symlink", "wrong-place"} for f in result.findings)
    text = rendered(result.findings)
    assert "root:" not in text and "/bin/" not in text


def test_symlinked_folder_is_not_followed(repo, tmp_path):
    outside = tmp_path / "outside"
    write_file(outside, "evento.yaml", f"title: {SECRET}\n")
    os.symlink(outside, repo / "events" / "org-a")
    result = load(repo)
    assert triples(result.findings) == [("events/org-a", None, None, "symlink")]
    assert SECRET not in rendered(result.findings)
    assert result.catalogue.events == {}


def test_dangling_symlink(repo):
    os.symlink(repo / "nowhere.yaml", repo / "venues" / "fantasma.yaml")
    assert triples(load(repo).findings) == [("venues/fantasma.yaml", None, None, "symlink")]


# --- references ----------------------------------------------------------------------------------------


def test_unknown_venue_with_did_you_mean(repo):
    write_event(repo, "org-a", "e", EVENT_YAML.replace("venue: teatro-x", "venue: teatro-y"))
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/e.yaml", 4, "venue", "unknown-venue")]
    f = result.findings[0]
    assert '"teatro-x"' in f.message("it") and "Forse intendevi" in f.message("it")
    assert '"teatro-x"' in f.message("en") and "Did you mean" in f.message("en")
    assert result.catalogue.events != {}  # the event itself is fine; the reference is reported


def test_unknown_venue_without_a_close_match(repo):
    write_event(repo, "org-a", "e", EVENT_YAML.replace("venue: teatro-x", "venue: piazza-grande"))
    [f] = load(repo).findings
    assert f.code == "unknown-venue"
    assert "Did you mean" not in f.message("en")


def test_unknown_organiser_folder_with_did_you_mean(repo):
    write_event(repo, "org-b", "e", EVENT_YAML)
    write_event(repo, "org-b", "f", EVENT_YAML.replace("20:45", "18:00"))
    result = load(repo)
    # one finding for the folder, not one per file
    assert triples(result.findings) == [("events/org-b/e.yaml", 1, None, "unknown-organiser")]
    assert '"org-a"' in result.findings[0].message("en")


def test_unknown_co_organiser(repo):
    write_event(repo, "org-a", "e", EVENT_YAML + "co_organisers: [org-a, org-c]\n")
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/e.yaml", 7, "co_organisers", "unknown-organiser")]
    assert dict(result.findings[0].params)["value"] == "org-c"


@pytest.mark.parametrize(
    ("kind", "code", "suggestion"),
    [
        ("organisers", "930033", "093033"),
        ("venues", "093933", "093033"),
        ("organisers", "093999", "093049"),
        ("organisers", "pordenone", None),
    ],
)
def test_unknown_comune_with_did_you_mean(repo, kind, code, suggestion):
    text = (ORGANISER_YAML if kind == "organisers" else VENUE_YAML).replace('"093033"', f'"{code}"')
    rel = write_file(repo, f"{kind}/nuovo.yaml", text).relative_to(repo).as_posix()
    result = load(repo)
    check_all(result.findings)
    if suggestion is None:  # not six digits: the schema says so first
        assert triples(result.findings) == [(rel, 3 if kind == "organisers" else 5, "comune", "schema-pattern")]
        return
    line = 3 if kind == "organisers" else 5
    assert triples(result.findings) == [(rel, line, "comune", "unknown-comune")]
    f = result.findings[0]
    assert f'"{suggestion}"' in f.message("it") and f'"{suggestion}"' in f.message("en")


def test_venue_far_from_its_comune(repo):
    write_venue(repo, "lontano", VENUE_YAML.replace("lat: 45.9626, lon: 12.6563", "lat: 46.5, lon: 13.6"))
    result = load(repo)
    assert triples(result.findings) == [("venues/lontano.yaml", 6, "coordinates", "venue-far-from-comune")]
    assert result.findings[0].severity is Severity.WARNING


def test_broken_venue_does_not_add_unknown_venue(repo):
    write_venue(repo, "rotto", "name: [\n")
    write_event(repo, "org-a", "e", EVENT_YAML.replace("venue: teatro-x", "venue: rotto"))
    result = load(repo)
    assert [(f.file, f.code) for f in result.findings] == [("venues/rotto.yaml", "yaml-syntax")]
    assert "rotto" not in result.catalogue.venues


def test_invalid_venue_does_not_add_unknown_venue(repo):
    write_venue(repo, "rotto", VENUE_YAML.replace("kind: teatro", "kind: teatrino"))
    write_organiser(repo, "org-rotto", 'name: O\nkind: teatro\ncomune: "000000"\n')
    write_event(
        repo, "org-a", "e", EVENT_YAML.replace("venue: teatro-x", "venue: rotto") + "co_organisers: [org-rotto]\n"
    )
    result = load(repo)
    assert sorted((f.file, f.code) for f in result.findings) == [
        ("organisers/org-rotto.yaml", "unknown-comune"),
        ("venues/rotto.yaml", "schema-enum"),
    ]


def test_event_in_the_folder_of_a_broken_organiser(repo):
    write_organiser(repo, "org-b", "name: B\nkind: teatro\n")  # comune missing
    write_event(repo, "org-b", "e", EVENT_YAML)
    result = load(repo)
    assert [(f.file, f.code) for f in result.findings] == [("organisers/org-b.yaml", "schema-required")]


# --- identities ------------------------------------------------------------------------------------------


def test_duplicate_identity(repo):
    write_event(repo, "org-a", "primo", "id: org-a/stesso\n" + EVENT_YAML)
    write_event(repo, "org-a", "secondo", "id: org-a/stesso\n" + EVENT_YAML.replace("20:45", "18:00"))
    result = load(repo)
    f = [x for x in result.findings if x.code == "duplicate-identity"]
    assert triples(f) == [("events/org-a/secondo.yaml", 1, None, "duplicate-identity")]
    assert dict(f[0].params) == {"identity": "org-a/stesso", "other": "events/org-a/primo.yaml"}
    assert "events/org-a/primo.yaml" in f[0].message("it") and "events/org-a/primo.yaml" in f[0].message("en")
    assert result.catalogue.events["org-a/stesso"].file == "events/org-a/primo.yaml"


def test_explicit_id_clashing_with_a_default_identity(repo):
    write_event(repo, "org-a", "concerto", EVENT_YAML)
    write_event(repo, "org-a", "zzz", "id: org-a/concerto\n" + EVENT_YAML)
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/zzz.yaml", 1, None, "duplicate-identity")]


def test_unknown_acknowledged_event(repo):
    write_event(repo, "org-a", "uno", EVENT_YAML)
    write_event(
        repo,
        "org-a",
        "due",
        EVENT_YAML + "acknowledge:\n  - {event: org-a/uno, reason: Sale diverse}\n  - {event: org-a/unno, reason: X}\n",
    )
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/due.yaml", 7, "acknowledge", "unknown-acknowledged-event")]
    f = result.findings[0]
    assert f.severity is Severity.WARNING
    assert '"org-a/uno"' in f.message("it") and '"org-a/uno"' in f.message("en")


# --- images ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "src",
    [
        "../../etc/passwd",
        "../altro/locandina.jpg",
        "/etc/passwd",
        "https://example.org/locandina.jpg",
        "http://example.org/a.jpg",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "sub/locandina.jpg",
        "..",
        "a..jpg",
        "C:\\\\Windows\\\\win.ini",
        "~/locandina.jpg",
        ".hidden.jpg",
    ],
)
def test_image_path_traversal_is_unsafe(repo, src):
    write_file(repo, "etc/passwd", "root:x:0:0\n")
    write_event(repo, "org-a", "e", EVENT_YAML + f'image:\n  src: "{src}"\n  alt: Locandina\n')
    result = load(repo)
    check_all(result.findings)
    assert triples(result.findings) == [("events/org-a/e.yaml", 8, "image.src", "unsafe-path")]
    en = result.findings[0].message("en")
    assert "use an https://" not in en  # web addresses are refused too: the advice must not suggest one
    assert "org-a/e" not in result.catalogue.events


def test_missing_image(repo):
    write_event(repo, "org-a", "e", EVENT_YAML + "image: {src: locandina.jpg, alt: Locandina}\n")
    result = load(repo)
    assert triples(result.findings) == [("events/org-a/e.yaml", 7, "image.src", "image-missing")]
    assert "locandina.jpg" in result.findings[0].message("en")


def test_present_image(repo):
    write_event(repo, "org-a", "e", EVENT_YAML + "image: {src: locandina.jpg, alt: Locandina}\n")
    write_file(repo, "events/org-a/locandina.jpg", b"\xff\xd8\xff")
    result = load(repo)
    assert result.findings == []
    assert result.catalogue.events["org-a/e"].image["src"] == "locandina.jpg"


def test_image_in_another_organisers_folder_is_missing(repo):
    write_file(repo, "events/org-b/locandina.jpg", b"\xff\xd8\xff")
    write_event(repo, "org-a", "e", EVENT_YAML + "image: {src: locandina.jpg, alt: Locandina}\n")
    assert [f.code for f in load(repo).findings] == ["image-missing"]


def test_image_symlink_is_missing(repo, tmp_path):
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(b"secret")
    write_event(repo, "org-a", "e", EVENT_YAML + "image: {src: locandina.jpg, alt: Locandina}\n")
    os.symlink(secret, repo / "events" / "org-a" / "locandina.jpg")
    assert triples(load(repo).findings) == [
        ("events/org-a/e.yaml", 7, "image.src", "image-missing"),
        ("events/org-a/locandina.jpg", None, None, "symlink"),
    ]


# --- everything at once ----------------------------------------------------------------------------------


def test_all_errors_of_one_file_at_once(repo):
    write_event(
        repo,
        "org-a",
        "e",
        """\
titel: Concerto
summary: Un concerto
category: concertto
venue: teatro-y
start: "2027-02-30 20:00"
online: javascript:alert(1)
image: {src: ../../etc/passwd, alt: x}
""",
    )
    result = load(repo)
    check_all(result.findings)
    got = triples(result.findings)
    rel = "events/org-a/e.yaml"
    for expected in [
        (rel, 1, "title", "schema-required"),
        (rel, 1, "titel", "schema-unknown-field"),
        (rel, 3, "category", "schema-enum"),
        (rel, 4, "venue", "unknown-venue"),
        (rel, 6, "online", "schema-pattern"),
    ]:
        assert expected in got
    assert len(got) >= 4
    assert result.catalogue.events == {}


def test_all_files_are_reported_together(repo):
    write_event(repo, "org-a", "uno", "title: [\n")
    write_event(repo, "org-a", "due", b"title: caff\xe8\n")
    write_event(repo, "org-a", "tre", "")
    write_event(repo, "org-a", "quattro", "- a\n- b\n")
    write_event(repo, "org-a", "cinque", EVENT_YAML)
    result = load(repo)
    check_all(result.findings)
    assert sorted((f.file, f.line, f.code) for f in result.findings) == [
        ("events/org-a/due.yaml", 1, "encoding"),
        ("events/org-a/quattro.yaml", 1, "schema-type"),
        ("events/org-a/tre.yaml", 1, "empty-file"),
        ("events/org-a/uno.yaml", 1, "yaml-syntax"),
    ]
    assert set(result.catalogue.events) == {"org-a/cinque"}


def test_findings_are_only_about_their_own_files(repo):
    write_event(repo, "org-a", "uno", EVENT_YAML.replace("teatro-x", "teatro-y"))
    write_event(repo, "org-a", "due", EVENT_YAML)
    result = load(repo)
    assert for_file(result.findings, "events/org-a/due.yaml") == []
    assert [f.code for f in for_file(result.findings, "events/org-a/uno.yaml")] == ["unknown-venue"]


def test_parallel_loading_gives_the_same_findings(repo):
    from cartellone import repository
    from helpers import settings_for

    for i in range(6):
        write_event(repo, "org-a", f"e{i}", EVENT_YAML.replace("teatro-x", "teatro-y" if i % 2 else "teatro-x"))
    write_event(repo, "org-a", "rotto", "title: [\n")
    serial = repository.load_repository(settings_for(repo), workers=1)
    parallel = repository.load_repository(settings_for(repo), workers=2)
    assert triples(serial.findings) == triples(parallel.findings)
    assert set(serial.catalogue.events) == set(parallel.catalogue.events)


# --- guides ------------------------------------------------------------------------------------------------------

GUIDE = """\
Title: Permessi SIAE
Slug: siae-eventi-dal-vivo
Topic: diritto-autore
Summary: Quando serve il permesso SIAE.
Date: 2026-11-20
Reviewed: 2026-11-20
Lang: it

Testo.
"""


def test_guide_front_matter(repo):
    write_file(repo, "content/guide/siae.md", GUIDE)
    write_file(
        repo,
        "content/guide/rotta.md",
        GUIDE.replace("Topic: diritto-autore", "Topic: diritto").replace("Reviewed: 2026-11-20\n", ""),
    )
    result = load(repo)
    check_all(result.findings)
    assert triples(result.findings) == [
        ("content/guide/rotta.md", 1, "reviewed", "schema-required"),
        ("content/guide/rotta.md", 3, "topic", "schema-enum"),
    ]


def test_huge_guide_is_not_read_whole(repo, monkeypatch):
    import pathlib

    path = repo / "content" / "guide" / "enorme.md"
    path.parent.mkdir(parents=True)
    with path.open("wb") as fh:
        fh.write(GUIDE.encode())
        fh.truncate(10 * 1024**3)  # 10 GB, sparse
    original = pathlib.Path.read_bytes

    def read_bytes(self):
        if self.name == "enorme.md":
            pytest.fail(f"read whole {self}")
        return original(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", read_bytes)
    result = load(repo)
    assert triples(result.findings) == [("content/guide/enorme.md", None, None, "file-too-large")]
    assert dict(result.findings[0].params)["size"] == 10 * 1024**3


def test_guide_symlink(repo, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text(f"Title: {SECRET}\n", encoding="utf-8")
    (repo / "content" / "guide").mkdir(parents=True)
    os.symlink(secret, repo / "content" / "guide" / "link.md")
    result = load(repo)
    assert triples(result.findings) == [("content/guide/link.md", None, None, "symlink")]
    assert SECRET not in rendered(result.findings)
