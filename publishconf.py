"""Settings for publishing: pelicanconf.py plus the public URL."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("CARTELLONE_SITEURL", "https://cartellone.example.org")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
