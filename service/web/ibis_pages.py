"""The IBIS export page (``/coordinator/<cohort>/ibis``, coordinators): what
``cas completion export`` would list, from one read of the Students tab
(``export_results`` without writing): the Pending candidates first with the
warning and their count, then every candidate in the order the coordinator enters
them in IBIS, with what to check before entering each. Its one button, "Write the
IBIS export tab and download the CSV", runs ``export_results`` (the command's
function: the tab rewritten whole) and answers the command's CSV file as a
download (the same bytes: UTF-8 with a byte-order mark, formula-looking values
guarded with an apostrophe by ``ExportResult.csv_text``).
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, url_for

from ..cohorts import cohort_config
from ..completion.export import NotSetUp, export_results
from ..sync.table import SheetDamaged
from ..workspace import WorkspaceError
from . import context
from .school import set_up_view
from .auth import allowed, person
from .logs import log

ibis_pages = Blueprint("ibis_pages", __name__)



@ibis_pages.get("/coordinator/<cohort>/ibis")
@allowed("coordinator")
def ibis(cohort: str):
    view = set_up_view(cohort)
    result, problem = None, ""
    try:
        result = export_results(context.workspace(), cohort_config(context.config(), view.name),
                                context.templates(), write_tab=False)
    except SheetDamaged:
        problem = ("The master Sheet is older than the IBIS export tab: the button below "
                   "adds it (as `cas upgrade` does), then lists the candidates.")
    except (NotSetUp, WorkspaceError) as err:
        problem = f"The candidates could not be read: {err}"
    return render_template("pages/ibis.html", view=view, result=result, problem=problem,
                           summary=result.summary(context.today()) if result else [])


@ibis_pages.post("/coordinator/<cohort>/ibis")
@allowed("coordinator")
def export(cohort: str):
    view = set_up_view(cohort)
    try:
        result = export_results(context.workspace(), cohort_config(context.config(), view.name),
                                context.templates())
    except (NotSetUp, SheetDamaged, WorkspaceError) as err:
        flash(f"The IBIS export was not written: {err}. Try again: it rewrites the whole "
              f"list.", "problem")
        return redirect(url_for("ibis_pages.ibis", cohort=cohort))
    log("INFO", f"IBIS export of {cohort} written from the pages", cohort=cohort,
        candidates=len(result.candidates), pending=len(result.pending), by=person().email)
    name = f"ibis-export-{view.name}-{context.today().isoformat()}.csv"
    return Response(result.csv_text().encode("utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
