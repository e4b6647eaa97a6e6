"""Render findings for people and machines: text, GitHub annotations, JSON, Markdown (PR comment)."""

from __future__ import annotations

import json
from collections import Counter

from .findings import Finding, Severity

FORMATS = ("text", "github", "json", "markdown")

LABELS = {
    "it": {"error": "errore", "warning": "avviso", "notice": "nota"},
    "en": {"error": "error", "warning": "warning", "notice": "notice"},
}
ICONS = {"error": "❌", "warning": "⚠️", "notice": "ℹ️"}


def ordered(findings) -> list[Finding]:
    return sorted(findings, key=lambda f: f.sort_key())


def summary(findings, lang: str = "it") -> str:
    counts = Counter(f.severity.value for f in findings)
    labels = LABELS[lang]
    plural = {"it": {"error": "errori", "warning": "avvisi", "notice": "note"}, "en": {}}[lang]
    parts = []
    for sev in ("error", "warning", "notice"):
        n = counts.get(sev, 0)
        word = labels[sev] if n == 1 else plural.get(sev, labels[sev] + "s")
        parts.append(f"{n} {word}")
    return ", ".join(parts)


def _where(f: Finding) -> str:
    out = f.file
    if f.line:
        out += f":{f.line}"
    return out


def render_text(findings, lang: str = "it", stats: str = "") -> str:
    lines = []
    for f in ordered(findings):
        field = f" [{f.field}]" if f.field else ""
        message = " ".join(f.message(lang).split())  # one finding, one line, whatever the values hold
        lines.append(f"{_where(f)}: {LABELS[lang][f.severity.value]} {f.code}{field}: {message}")
    lines.append(
        ("Risultato: " if lang == "it" else "Result: ") + summary(findings, lang) + (f" ({stats})" if stats else "")
    )
    return "\n".join(lines) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings, lang: str = "it", stats: str = "") -> str:
    """GitHub Actions workflow commands: ::error file=…,line=…,title=…::message"""
    kinds = {"error": "error", "warning": "warning", "notice": "notice"}
    lines = []
    for f in ordered(findings):
        props = [f"file={_escape_prop(f.file)}"]
        if f.line:
            props.append(f"line={f.line}")
        title = f.code + (f" ({f.field})" if f.field else "")
        props.append(f"title={_escape_prop(title)}")
        lines.append(f"::{kinds[f.severity.value]} {','.join(props)}::{_escape_data(f.message(lang))}")
    lines.append(summary(findings, lang))
    return "\n".join(lines) + "\n"


def render_json(findings, lang: str = "it", stats: str = "") -> str:
    counts = Counter(f.severity.value for f in findings)
    doc = {
        "findings": [f.as_dict(lang) for f in ordered(findings)],
        "counts": {s.value: counts.get(s.value, 0) for s in Severity},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _md_cell(text: str) -> str:
    # a lone "\r" ends a line in Markdown as "\n" does: either would break the table row
    return text.replace("|", "\\|").replace("\r\n", " ").replace("\r", " ").replace("\n", " ").replace("<", "&lt;")


def render_markdown(findings, lang: str = "it", stats: str = "") -> str:
    """The pull-request report: a summary line, then one table per severity."""
    title = "Controllo del calendario" if lang == "it" else "Calendar check"
    out = [
        "<!-- cartellone-report -->",
        f"### {title}",
        "",
        summary(findings, lang) + (f" · {stats}" if stats else ""),
        "",
    ]
    if not findings:
        out.append("Nessun problema trovato. ✔️" if lang == "it" else "No problems found. ✔️")
        return "\n".join(out) + "\n"
    heads = {
        "it": {"error": "Errori da correggere", "warning": "Avvisi", "notice": "Note (calendario della zona)"},
        "en": {"error": "Errors to fix", "warning": "Warnings", "notice": "Notices (what else is on nearby)"},
    }[lang]
    cols = (
        "File",
        "Riga" if lang == "it" else "Line",
        "Campo" if lang == "it" else "Field",
        "Messaggio" if lang == "it" else "Message",
    )
    for sev in ("error", "warning", "notice"):
        group = [f for f in ordered(findings) if f.severity.value == sev]
        if not group:
            continue
        out += [
            f"#### {ICONS[sev]} {heads[sev]} ({len(group)})",
            "",
            "| " + " | ".join(cols) + " |",
            "|---|---|---|---|",
        ]
        for f in group:
            out.append(
                f"| `{_md_cell(f.file)}` | {f.line or ''} | {_md_cell(f.field or '')} | "
                f"{_md_cell(f.message(lang))} <sub>`{f.code}`</sub> |"
            )
        out.append("")
    return "\n".join(out) + "\n"


RENDERERS = {"text": render_text, "github": render_github, "json": render_json, "markdown": render_markdown}


def render(findings, fmt: str = "text", lang: str = "it", stats: str = "") -> str:
    return RENDERERS[fmt](findings, lang, stats)
