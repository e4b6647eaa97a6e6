"""The ``cartellone`` command: ``cartellone check`` validates a repository and reports conflicts.

Exit codes: 0 no errors, 1 errors found, 2 usage or settings problem, 3 internal failure.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .findings import has_errors
from .report import FORMATS, render
from .settings import SettingsError, read_settings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cartellone",
        description="Cartellone: controlla i contenuti del calendario / checks the calendar's content.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="valida i file e cerca sovrapposizioni / validate files and find conflicts")
    check.add_argument("--root", default=".", help="cartella del repository (default: quella corrente)")
    check.add_argument("--since", metavar="GIT_REF", help="riferimento git: segnala solo ciò che la modifica tocca")
    check.add_argument("--format", choices=FORMATS, default="text")
    check.add_argument("--lang", choices=("it", "en"), default="it", help="lingua dei messaggi / message language")
    check.add_argument("--workers", type=int, default=None, help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = Path(args.root)
    if not root.is_dir():
        print(f"cartellone: la cartella {root} non esiste / folder {root} does not exist", file=sys.stderr)
        return 2
    try:
        settings = read_settings(root)
    except SettingsError as exc:
        print("cartellone: impostazioni non valide in pelicanconf.py / invalid settings:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    except Exception as exc:  # pelicanconf.py itself fails (syntax error, CARTELLONE not a dict, ...)
        print(
            f"cartellone: pelicanconf.py non valido / invalid pelicanconf.py: {type(exc).__name__}: {exc}",
            file=sys.stderr,
        )
        return 2
    from .pipeline import run_check

    try:
        result = run_check(settings, since=args.since, workers=args.workers)
    except Exception as exc:  # a bug of ours, not bad input: say so briefly, without a traceback
        print(
            f"cartellone: errore interno ({type(exc).__name__}: {exc}). Segnalalo agli sviluppatori "
            "con il file che lo causa. / internal error: please report it.",
            file=sys.stderr,
        )
        return 3
    sys.stdout.write(render(result.findings, args.format, args.lang, result.stats))
    return 1 if has_errors(result.findings) else 0


if __name__ == "__main__":
    sys.exit(main())
