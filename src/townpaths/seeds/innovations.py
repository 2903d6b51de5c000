"""Velenje: outcomes, actors and social needs of Table 3's innovations as the article states them
(source "article"), and the default social-sustainability framework (dimensions of workshop 1).
Nothing is added that the article does not say; no sustainability scores are shipped."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from townpaths.storage.models import Innovation, InnovationActor, SustainabilityIndicator, Town
from townpaths.sustainability.framework import default_framework

A = "article"

#: no -> outcomes (description, value, unit, year, source)
OUTCOMES = {
    1: [("working-age population taking part (87 % by some sources)", 70, "%", None, A),
        ("hours of voluntary work renovating the summer cinema at Škale lake (today's formalised volunteering)",
         1500, "hours", 2009, A)],
    5: [("people at the protest rally on Titov trg, 8 November 1987", 15000, "people", 1987, A),
        ("voters supporting the ecological remediation of the Šoštanj thermal power plant in the first "
         "ecological referendum in Yugoslavia", 80, "%", None, A)],
    9: [("new jobs created", 23, "jobs", 2017, A)],
}

#: no -> actors (name, helix sector, role) named by the article
ACTORS = {
    5: [("cultural groups", "civil_society", "art actions warning of environmental degradation, 1986"),
        ("Velenje municipality", "municipality", "helped organise the 1987 rally"),
        ("Zveza socialistične mladine Slovenije", "civil_society", "helped organise the 1987 rally"),
        ("trade unions", "civil_society", "helped organise the 1987 rally"),
        ("Šaleško ekološko društvo", "civil_society", "founded 1988 in Zavodnje"),
        ("Esotech", "economy", "carried out the environmental remediation; a spin-off of the coal mine"),
        ("Erico", "economy", "carried out the environmental remediation; a spin-off of the coal mine")],
    7: [("Velenje municipality", "municipality", "gave young people the premises at Rdeča dvorana in 1996"),
        ("Mladinski center Velenje", "civil_society",
         "founded 1996, one of the first youth centres in Slovenia; youth mobility and social security programmes")],
}

SOCIAL_NEED = {
    5: "environmental degradation of air, water, soil and vegetation from coal mining and power production; "
       "a planned radioactive waste repository in the Šalek valley",
    7: "a lack of suitable premises where young people could socialise and create",
    9: "keeping young talent in the region, helping new firms start and grow",
}

#: The article's own reasons for recognising the ecological movement as a social innovation.
CRITERIA = {
    5: {"collaboration": {"met": True, "rationale": "cooperation among firms, cultural workers, civil society, "
                                                    "trade unions and local government (article)"},
        "social_issue": {"met": True, "rationale": "successful environmental remediation; the movement "
                                                   "empowered the local community (article)"}},
}


def seed_velenje(session: Session, town: Town) -> None:
    by_no = {i.no: i for i in session.scalars(select(Innovation).where(Innovation.town_id == town.id))}
    for no, outcomes in OUTCOMES.items():
        if no in by_no:
            by_no[no].outcomes = [{"description": d, "value": v, "unit": u, "year": y, "source": s}
                                  for d, v, u, y, s in outcomes]
    for no, actors in ACTORS.items():
        if no in by_no:
            session.add_all(InnovationActor(town_id=town.id, innovation_id=by_no[no].id, name=n, sector=s, role=r)
                            for n, s, r in actors)
    for no, need in SOCIAL_NEED.items():
        if no in by_no:
            by_no[no].social_need = need
    for no, criteria in CRITERIA.items():
        if no in by_no:
            by_no[no].criteria = criteria
    exists = session.scalar(select(SustainabilityIndicator.id).where(SustainabilityIndicator.town_id == town.id))
    if exists is None:
        session.add_all(SustainabilityIndicator(town_id=town.id, **row) for row in default_framework())
