"""The annual report as Markdown: numbered headings, each table as
`| Fråga/kontroll | Svar |` with one `| question | answer |` row per question."""

from __future__ import annotations

from features.reports.annual.content import Report, Section, w


def cell(value: str) -> str:
    """A table cell: one line, with `|` escaped."""
    return " ".join(value.replace("\\", "\\\\").replace("|", "\\|").split())


def _section(section: Section) -> list[str]:
    lines = [f"{'#' * (section.level + 1)} {section.heading}", ""]
    for paragraph in section.paragraphs:
        lines += [paragraph, ""]
    if section.rows:
        lines += [f"| {cell(section.headers[0])} | {cell(section.headers[1])} |", "|---|---|"]
        lines += [f"| {cell(row.question)} | {cell(row.answer)} |" for row in section.rows]
        lines.append("")
    if section.is_area:
        lines += [f"**{w('headings.scale')}:** {section.mark}", ""]
        lines += [f"- {step.box} ({step.number}) {step.text}" for step in section.scale]
        lines += ["", f"**{w('headings.advice')}:** {section.advice}", ""]
    return lines


def to_markdown(report: Report) -> str:
    lines = [f"# {report.title}", "", f"**{report.organisation}**", ""]
    for section in report.sections:
        lines += _section(section)
    return "\n".join(lines).rstrip() + "\n"
