"""An organisation's own Word template, sent by its DSO in the 1:1 chat.

The file is checked (docxtpl can read it, it uses only the report's fields and
at least the sections or the areas) before it replaces the stored template; a
file that is not taken is deleted at once. `dsobot report template` does the
same from the command line.
"""

from __future__ import annotations

import shutil

from chat.ctx import Ctx
from chat.turn import Answer, Upload
from features.reports.annual.docx import BadTemplate, check_template, template_path
from features.reports.annual.handlers import ROLES
from i18n import t


async def take_template(ctx: Ctx, upload: Upload) -> Answer | None:
    if upload.file_type != "docx":
        return None  # not ours; another capability may take it
    organisation = ctx.who.organisation
    assert organisation is not None
    if not ctx.who.holds(ROLES, organisation.id):
        upload.path.unlink(missing_ok=True)
        async with ctx.db.session() as session:
            await ctx.audit(session, "annual_report.template_refused", "annual_report", None,
                            organisation_id=organisation.id)
        return Answer.text(t(ctx.lang, "annual_report.template_not_allowed"))
    try:
        fields = check_template(upload.path)
    except BadTemplate as error:
        upload.path.unlink(missing_ok=True)
        return Answer.text(t(ctx.lang, "annual_report.template_bad", why=str(error)))
    target = template_path(ctx.settings.data_dir, organisation.slug)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(upload.path, target)
    async with ctx.db.session() as session:
        await ctx.audit(session, "annual_report.template_stored", "annual_report", None,
                        organisation_id=organisation.id, fields=sorted(fields))
    return Answer.text(t(ctx.lang, "annual_report.template_stored",
                         organisation=organisation.name))
