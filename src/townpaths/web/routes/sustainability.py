"""The social-sustainability assessment page: framework, aggregates with spread, a chart per
dimension, comparison between years and between the towns the reader may see."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from townpaths.core.i18n import Translator
from townpaths.people.core.roles import VIEW
from townpaths.storage import Database
from townpaths.storage.towns import find_town
from townpaths.studies.sustainability.core.aggregate import GROUPINGS
from townpaths.studies.sustainability.core.chart import dimension_chart
from townpaths.studies.sustainability.service import assessment, compare_towns
from townpaths.web.access import towns_allowing
from townpaths.web.deps import database, language, page, town_crumbs

router = APIRouter()

GROUP_LABELS = {"rater_group": "Rater group", "workshop_id": "Workshop", "year": "Year"}


@router.get("/towns/{slug}/sustainability", response_class=HTMLResponse, name="sustainability")
def sustainability(
    request: Request, slug: str, by: str = "rater_group", db: Database = Depends(database)
) -> HTMLResponse:
    town = find_town(db, slug)
    tr = Translator(language(request))
    group = by if by in GROUPINGS else "rater_group"
    data = assessment(db, town.slug, group)

    def label(value: object) -> str:
        if value is None:
            return tr.gettext("not given")
        return data["workshops"].get(value, str(value)) if group == "workshop_id" else str(value)

    charts = (
        {
            d["key"]: Markup(dimension_chart(d, title=tr.field(d, "name") or "", group_label=label))
            for d in data["dimensions"]
        }
        if data["scores"]
        else {}
    )
    return page(
        request,
        "sustainability/assessment.html",
        town=town,
        data=data,
        charts=charts,
        group=group,
        groupings=GROUPINGS,
        group_labels=GROUP_LABELS,
        label=label,
        towns=compare_towns(db, only=towns_allowing(request, VIEW)),
        breadcrumbs=town_crumbs(request, town),
    )
