"""Cartellone: a regional cultural calendar on Pelican.

The pipeline, in the order it runs (``pipeline.py`` has the code, ``pelican_glue.py`` the hooks):

    settings  -> settings.read_settings       pelicanconf.py's CARTELLONE dict, validated at once
    load      -> repository.load_repository   YAML with lines, JSON Schema, schedules, references
    conflicts -> conflicts.find_conflicts     same venue / same comune / nearby, by day index
    report    -> report.render                text | github | json | markdown
    pages     -> pelican_glue                 Pelican generator writing the site
"""

__all__ = ["register"]


def register():
    """Pelican entry point: connect the generator (imported lazily so the CLI never needs Pelican)."""
    from .pelican_glue import register as _register

    _register()
