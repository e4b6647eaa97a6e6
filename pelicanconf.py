"""Settings of the sample Region (Friuli Venezia Giulia). Another Region changes this file and data/, not code.

Pelican's own settings come first; ``CARTELLONE`` holds the calendar's settings, validated all at once by
``cartellone.settings.Settings`` (an unknown key or a bad value stops the build with a clear list).
"""

import os

SITENAME = "Cartellone FVG – Calendario della cultura"
SITEURL = ""
AUTHOR = "Regione Friuli Venezia Giulia (esempio)"
TIMEZONE = "Europe/Rome"
DEFAULT_LANG = "it"

PATH = "content"
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["cartellone"]  # explicit: unset, Pelican would load every installed namespace plugin

# Guides are Pelican articles under content/guide/; static pages under content/pages/.
ARTICLE_PATHS = ["guide"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
ARTICLE_URL = "guide/{slug}/"
ARTICLE_SAVE_AS = "guide/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
ARTICLE_LANG_URL = "en/guide/{slug}/"
ARTICLE_LANG_SAVE_AS = "en/guide/{slug}/index.html"
PAGE_LANG_URL = "en/{slug}/"
PAGE_LANG_SAVE_AS = "en/{slug}/index.html"
# Directory-style URLs only; no tag/category/author/archive listings of Pelican's own
# (their default pagination patterns collide for slugs ending in digits).
DIRECT_TEMPLATES = []
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
RELATIVE_URLS = True
SUMMARY_MAX_LENGTH = None
LOAD_CONTENT_CACHE = False
# Templates escape by default: content texts come from pull requests (descriptions are sanitised by
# cartellone.markup; titles and names are escaped here).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

CARTELLONE = {
    "region_name": "Friuli Venezia Giulia",
    "timezone": TIMEZONE,
    "languages": ["it", "en"],
    "comuni_file": "data/comuni-fvg.csv",
    "repository_url": os.environ.get("CARTELLONE_REPOSITORY_URL", "https://github.com/cartellone-fvg/cartellone"),
    "uid_domain": "cartellone.example.org",
    # DCAT-AP_IT, for dati/catalogo.jsonld: the Region's code in the IPA index (www.indicepa.gov.it)
    # and the open-data contact e-mail. Empty in this sample; a Region publishing the site sets both.
    "publisher_id": "",
    "contact_email": "",
    # "today" is not set here: builds take it from CARTELLONE_TODAY (the Makefile sets it) or,
    # failing that, from the date of the last git commit, so two builds of one commit are identical.
    "conflicts": {
        "venue_severity": "error",  # same venue, overlapping times
        "comune_severity": "warning",  # same comune, same evening, same family or audience
        "evening_from": "18:00",
        "nearby_severity": "notice",  # same day, same category, nearby comuni or same province
        "nearby_km": 15,
        "same_province": True,
        "long_running_days": 7,  # all-day items this long never clash by their span
        "default_duration_minutes": 120,  # for events without an end
        "suggest_days": 21,
        "suggest_count": 3,
    },
}
