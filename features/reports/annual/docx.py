"""The annual report as a Word document, through a docxtpl template.

Our default template is built here with python-docx (in memory, every time: it
can never be stale). An organisation with a house style stores its own Word
template with the same fields at `<data dir>/templates/<org slug>/arsrapport.docx`
(`dsobot report template --org SLUG FILE`); it is used when present.

The fields a template may use (jinja2, through docxtpl):

    {{ title }}  {{ organisation }}  {{ year }}  {{ scale_label }}  {{ advice_label }}
    sections: each with .number .title .heading .level .key .paragraphs .headers
              .rows (each .question .answer) .is_area .scale (each .box .number .text
              .chosen) .mark .advice
    areas:    the six mandatory areas (4.1–4.6), the same objects

A table's rows repeat with `{%tr for row in s.rows %}` … `{%tr endfor %}`, and
the sections with `{%p for s in sections %}` … `{%p endfor %}`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Pt
from docxtpl import DocxTemplate

from features.reports.annual.content import Report, w

TEMPLATE_NAME = "arsrapport.docx"
FIELDS = frozenset({"title", "organisation", "year", "sections", "areas", "scale_label",
                    "advice_label"})
# A template must lay out the report: all its sections, or at least the six areas.
REQUIRED = frozenset({"sections", "areas"})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")


class BadTemplate(ValueError):
    """A Word file that cannot serve as the report's template; the message says why."""


def template_path(data_dir: Path, slug: str) -> Path:
    """Where an organisation's own template is stored (whether there is one or not)."""
    if not _SLUG.fullmatch(slug):
        raise ValueError(f"not an organisation slug: {slug!r}")
    return Path(data_dir) / "templates" / slug / TEMPLATE_NAME


def template_for(data_dir: Path, slug: str) -> Path | None:
    """The organisation's own template when it has stored one; None: ours."""
    path = template_path(data_dir, slug)
    return path if path.is_file() else None


def _paragraph(doc: Any, text: str, style: str | None = None) -> None:
    doc.add_paragraph(text, style=style)


def default_template() -> bytes:
    """Our template: the fields and loops above, in Word's built-in styles."""
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    _paragraph(doc, "{{ title }}", "Title")
    _paragraph(doc, "{{ organisation }}", "Subtitle")
    _paragraph(doc, "{%p for s in sections %}")
    _paragraph(doc, "{%p if s.level == 1 %}")
    _paragraph(doc, "{{ s.heading }}", "Heading 1")
    _paragraph(doc, "{%p else %}")
    _paragraph(doc, "{{ s.heading }}", "Heading 2")
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{%p for text in s.paragraphs %}")
    _paragraph(doc, "{{ text }}")
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "{%p if s.rows %}")
    table = doc.add_table(rows=4, cols=2)
    table.style = doc.styles["Table Grid"]
    header = table.rows[0].cells
    for cell, value in zip(header, ("{{ s.headers[0] }}", "{{ s.headers[1] }}"), strict=True):
        cell.paragraphs[0].add_run(value).bold = True
    table.rows[1].cells[0].text = "{%tr for row in s.rows %}"
    table.rows[2].cells[0].text = "{{ row.question }}"
    table.rows[2].cells[1].text = "{{ row.answer }}"
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{%p if s.is_area %}")
    mark = doc.add_paragraph()
    mark.add_run("{{ scale_label }}: ").bold = True
    mark.add_run("{{ s.mark }}")
    _paragraph(doc, "{%p for step in s.scale %}")
    _paragraph(doc, "{{ step.box }} ({{ step.number }}) {{ step.text }}")
    _paragraph(doc, "{%p endfor %}")
    advice = doc.add_paragraph()
    advice.add_run("{{ advice_label }}: ").bold = True
    advice.add_run("{{ s.advice }}")
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{%p endfor %}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def context(report: Report) -> dict[str, Any]:
    return {"title": report.title, "organisation": report.organisation, "year": report.year,
            "sections": report.sections, "areas": report.areas,
            "scale_label": w("headings.scale"), "advice_label": w("headings.advice")}


def _open(source: Path | bytes) -> DocxTemplate:
    return DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else source)


def check_template(source: Path | bytes) -> set[str]:
    """The fields a candidate template uses; BadTemplate when it cannot serve."""
    try:
        used = set(_open(source).get_undeclared_template_variables())
    except Exception as error:  # docx, zip and jinja2 all have their own errors
        raise BadTemplate(f"not a Word template docxtpl can read ({error.__class__.__name__}: "
                          f"{str(error).splitlines()[0] if str(error) else 'unreadable'})"
                          ) from None
    unknown = used - FIELDS
    if unknown:
        raise BadTemplate(f"unknown field(s) {', '.join(sorted(unknown))} "
                          f"(known: {', '.join(sorted(FIELDS))})")
    if not used & REQUIRED:
        raise BadTemplate("the template must use sections or areas "
                          "(e.g. {%p for s in sections %} … {%p endfor %})")
    return used


def write_docx(report: Report, out_path: Path, template: Path | None = None) -> Path:
    """Render `report` into `out_path` with `template` (None: ours)."""
    doc = _open(template if template is not None else default_template())
    doc.render(context(report), autoescape=True)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(out_path)
    return out_path
