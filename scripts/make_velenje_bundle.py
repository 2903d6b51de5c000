"""Build the shipped Velenje default case (src/townpaths/data/velenje/bundle.json).

Maintainers' tool, not run by users: it reads the article's tables (CSV digest in
../shared/study/velenje/) and adds the Slovene wording of the same findings from the original
article (../shared/study/article-sl.txt). Nothing is invented: where the article has no
value the field stays empty. Every record is marked as stated by the study (provenance ``study``)
with the table or section it comes from; each symbol's key is made from its name.
Run: python scripts/make_velenje_bundle.py [SHARED_STUDY_DIR]
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STUDY = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "study"
OUT = ROOT / "src" / "townpaths" / "data" / "velenje" / "bundle.json"
sys.path.insert(0, str(ROOT / "src"))

from townpaths.core.keys import slug, unique_key  # noqa: E402

CITATION = (
    "Industrija in socializem: ovire ali gonili prihodnjega razvoja Velenja. Šaleški razgledi "
    "17 (2020). ZRC SAZU, Geografski inštitut Antona Melika."
)
#: Where in the article each table's records are stated (the records' provenance note).
STATED_IN = {
    "symbol_categories": "Table 1",
    "symbol_types": "Table 1",
    "symbols": "Table 1 (named examples)",
    "interviewees": "section 2: 23 key actors by the quadruple helix",
    "narrative periods": "Table 2",
    "innovation periods": "section 3: four partly overlapping periods",
    "narratives": "Table 2",
    "innovations": "Table 3",
    "problems": "Table 4",
    "solutions": "Figure 8",
    "dualities": "conclusion: the five dualities",
    "facts": "key facts quoted in the article",
    "evidence": "conclusion: lock-in and path renewal",
}


def stated(where: str) -> dict[str, str]:
    return {"provenance": "study", "provenance_note": STATED_IN[where]}


def year(value: str) -> int | None:
    return int(value) if value.strip() else None


def rows(name: str) -> list[dict[str, str]]:
    with open(STUDY / "velenje" / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def blank(value: str) -> str | None:
    return value.strip() or None


# Slovene wording of Table 1's findings (article-sl.txt, Preglednica 1).
FINDINGS_SL = {
    "townscape": "V mestni veduti so simboli industrije dobro vidni, tako z obstoječimi stavbami (Gorenje, "
    "Premogovnik) kot opuščenimi. Pokrajinski elementi (jezera, erozijska žarišča) so del mestne pokrajine. "
    "Spominska obeležja (Tito, Rudar, Žgank) so vzdrževana in dobro vidna.",
    "heritage_institutions": "Sedem razstavnih prostorov, ki so neposredno in posredno vezani na industrijo in "
    "socializem, med drugim Muzej premogovništva in Muzej Velenje (stalna zbirka).",
    "tourism_hospitality": "Turistična ponudba je močno vezana na socializem (»socialistična tura po mestu«, "
    "sladoled Tito), spominki in kulinarična ponudba dodatno še na premogovništvo (Lignit burger).",
    "cultural_activities": "Deloma se stari proizvodni objekti uporabljajo za ustvarjalne in kulturne dejavnosti "
    "(Stara pekarna), deloma pa je uporaba še na idejni ravni (Klasirnica). Festivali so zgolj posredno povezani "
    "z vrednotami industrije in socializma (praznovanje dneva mladosti). Zlasti premogovništvo je močno izraženo "
    "v popularni glasbi in leposlovni literaturi (pisatelj Peter Rezman).",
    "town_symbols_names": "Mnoga imena športnih klubov (NK Rudar, RK Gorenje Velenje) in ulic (Rudarska cesta) so "
    "povezana z industrijo. Himna občine (Graditeljem Velenja) slavi nastajanje mesta.",
    "professional_texts": "Strateški, razvojni in sektorski dokumenti skoraj ne omenjajo industrije ali "
    "socializma. Izjema je strategija turizma.",
}

NARRATIVE_PERIODS_SL = {
    1: "izgradnja sodobnega socialističnega in industrijskega mesta",
    2: "družbeno-gospodarska tranzicija in okoljska sanacija",
    3: "negotova (post)industrijska prihodnost",
}

# The four partly overlapping periods of the innovation study (article, section on Table 3).
INNOVATION_PERIODS = [
    (1, "socialism", "socializem", 1945, 1991),
    (2, "environmental crisis of the 1980s", "okoljska kriza v 80. letih", 1980, 1989),
    (3, "transition after 1991 and EU entry", "tranzicija po letu 1991 in vstop v EU", 1991, 2008),
    (4, "after the 2008 crisis", "po krizi leta 2008", 2008, None),
]

SECTORS = {
    "economy": ("economy", "E"),
    "science and culture": ("science_culture", "S"),
    "municipality": ("municipality", "M"),
    "civil society": ("civil_society", "C"),
}

DUALITIES_SL = [
    (
        "prevladujoča pripoved intervjuvancev, da gre za ponosno večkulturno mesto, "
        "talilnico narodov bivše Jugoslavije",
        "pripoved o »nevarnosti« in družbeni izključenosti albansko govorečih priseljencev",
    ),
    (
        "občina veliko vlaga v delovanje različnih društev in nevladnega sektorja ter spodbuja prostovoljstvo",
        "se otepa očitkov o klientelizmu in političnem nepotizmu",
    ),
    (
        "intervjuvanci iz gospodarskega sektorja so omenjali v svet odprto in inovativno gospodarstvo, v katerem so "
        "domači lastniki podpirali tudi družbeno-kulturni razvoj lokalne skupnosti",
        "taisti lastniki so prodali Gorenje tujemu lastniku, ki ne slovi po razviti družbeni odgovornosti",
    ),
    ("parole o »mladem mestu«", "Velenje je demografsko eno najbolj ogroženih mest v Sloveniji"),
    (
        "lokalne strategije postavljajo v ospredje kakovostno bivalno in zeleno okolje",
        "razmišlja se o sežigalnici odpadkov in ne problematizira se trase tretje razvojne osi iz okoljskih vidikov",
    ),
]

SOLUTIONS_SL = [
    (
        "bipolarno in ranljivo gospodarstvo",
        "Diverzifikacija gospodarstva namesto razvoja turizma, ki se je marsikomu zdel nerealen. Javno-zasebno "
        "partnerstvo, ki bi ga omogočil tudi zakon o zapiranju premogovnika. Do 80 delovnih mest za gojenje rib in "
        "urejanje prostora, tudi za slabše kvalificirane delavce. Učinkovita raba naravnih virov, ki še niso docela "
        "izkoriščeni; nekakšno nadomestilo za izgubljena kmetijska zemljišča; spodbuda drugim gospodarskim panogam.",
    ),
    (
        "možna socialna vprašanja po zaprtju premogovnika",
        "Revščina, socialna izključenost, kriminal in manjša družbena kohezivnost po zaprtju, ki jih obstoječi "
        "socialni programi ob hujši krizi ne bi zmogli. Nevladni sektor je prisoten, a finančno in kadrovsko "
        "podhranjen; okrepljen bi razvil inovativne socialne programe, zaposlil mlade diplomante družboslovnih smeri "
        "in skrbel za socialno vključenost brezposelnih prek prostovoljstva, priložnostnega dela in izobraževanja.",
    ),
    (
        "izseljevanje izobraženih mladih",
        "Starejši, izkušeni delavci bi na mlajše prenašali znanje, jih usmerjali in usposabljali, za to dobili "
        "finančno spodbudo in se upokojili takoj, ko izpolnijo pogoje, ter mesto prepustili mlajšim. Ohranja tudi "
        "skrito znanje, enega najpomembnejših elementov industrijske kulture.",
    ),
]

FACTS = [
    (
        "voluntary_work_participation",
        "udarniško delo",
        70,
        87,
        "%",
        None,
        "Over 70 % (by some sources 87 %) of the working-age population took part in voluntary work brigades.",
        "Udarniškega dela se je udeležilo več kot 70 % (po nekaterih virih 87 %) delovno sposobnega prebivalstva.",
    ),
    (
        "volunteer_friendly_town_years",
        "prostovoljstvo",
        7,
        None,
        "years",
        None,
        'Title "Volunteer-friendly town" seven years in a row.',
        "Naziv »prostovoljstvu prijazno mesto« sedem let zapored.",
    ),
    (
        "summer_cinema_hours",
        "prostovoljstvo",
        1500,
        None,
        "hours",
        2009,
        "Renovation of the summer cinema at Škale lake in 2009 with over 1,500 hours of voluntary work.",
        "Obnova letnega kina ob Škalskem jezeru leta 2009 z več kot 1500 urami prostovoljnega dela.",
    ),
    (
        "rally_1987",
        "ekološko gibanje",
        15000,
        None,
        "people",
        1987,
        "Protest rally on Titov trg on 8 November 1987 with about 15,000 people.",
        "Protestni shod na Titovem trgu 8. novembra 1987 z okrog 15.000 ljudmi.",
    ),
    (
        "ecological_referendum",
        "ekološko gibanje",
        80,
        None,
        "%",
        None,
        "First ecological referendum in Yugoslavia: over 80 % of voters for the ecological remediation of TEŠ.",
        "Prvi ekološki referendum v Jugoslaviji: več kot 80 % volivcev za ekološko sanacijo TEŠ.",
    ),
    (
        "sasa_jobs_2017",
        "SAŠA inkubator",
        23,
        None,
        "jobs",
        2017,
        "The SAŠA incubator (founded 2007) created 23 new jobs in 2017.",
        "Inkubator SAŠA (ustanovljen 2007) je leta 2017 ustvaril 23 novih delovnih mest.",
    ),
    (
        "gorenje_layoffs_2020",
        "Gorenje",
        2000,
        None,
        "jobs",
        2020,
        "In 2020 Gorenje announced 2,000 layoffs, 1,000 of them in Velenje.",
        "Gorenje je leta 2020 napovedalo odpuščanje 2000 delavcev, od tega 1000 v Velenju.",
    ),
    (
        "exhibition_spaces",
        "muzeji in razstave",
        7,
        None,
        "spaces",
        2018,
        "Seven exhibition spaces directly or indirectly tied to industry and socialism.",
        "Sedem razstavnih prostorov, neposredno in posredno vezanih na industrijo in socializem.",
    ),
    (
        "fish_farm_jobs",
        "ribogojnica",
        80,
        None,
        "jobs",
        None,
        "The proposed fish farm would employ up to 80 people.",
        "Predlagana ribogojnica bi zaposlovala do 80 ljudi.",
    ),
    (
        "interviewees",
        "pripovedi",
        23,
        None,
        "people",
        None,
        "23 key actors interviewed by the quadruple helix.",
        "23 ključnih deležnikov, izbranih po modelu četverne vijačnice.",
    ),
]


def build() -> dict:
    t: dict[str, list[dict]] = {}
    t["periods"] = []
    narr = rows("narratives.csv")
    seen: dict[int, int] = {}
    for r in narr:
        no = int(r["period_no"])
        if no in seen:
            continue
        start, _, end = r["period_years"].partition("-")
        pid = len(t["periods"]) + 1
        seen[no] = pid
        t["periods"].append(
            {
                "id": pid,
                "scheme": "narratives",
                "no": no,
                "name_en": r["period_en"],
                "name_sl": NARRATIVE_PERIODS_SL[no],
                "start_year": year(start),
                "end_year": year(end),
                "open_ended": not end.strip(),
                **stated("narrative periods"),
            }
        )
    for no, en, sl, start, end in INNOVATION_PERIODS:
        t["periods"].append(
            {
                "id": len(t["periods"]) + 1,
                "scheme": "innovations",
                "no": no,
                "name_en": en,
                "name_sl": sl,
                "start_year": start,
                "end_year": end,
                "open_ended": end is None,
                **stated("innovation periods"),
            }
        )

    t["symbol_categories"], t["symbol_types"] = [], []
    cats: dict[str, int] = {}
    for r in rows("symbol_types.csv"):
        key = r["category_id"]
        if key not in cats:
            cats[key] = len(cats) + 1
            t["symbol_categories"].append(
                {
                    "id": cats[key],
                    "key": key,
                    "position": cats[key],
                    "name_en": r["category_en"],
                    "name_sl": r["category_sl"],
                    "finding_en": blank(r["finding_en"]),
                    "finding_sl": FINDINGS_SL[key],
                    **stated("symbol_categories"),
                }
            )
        no = int(r["type_no"])
        t["symbol_types"].append(
            {
                "id": no,
                "category_id": cats[key],
                "no": no,
                "name_en": r["type_en"],
                "name_sl": r["type_sl"],
                **stated("symbol_types"),
            }
        )
    t["symbols"], keys = [], set()
    for i, r in enumerate(rows("symbols.csv"), 1):
        key = unique_key(slug(r["name"]), keys)
        keys.add(key)
        t["symbols"].append(
            {
                "id": i,
                "type_id": int(r["type_no"]),
                "name_en": r["name"],
                "external_id": key,
                "theme": blank(r["theme"]),
                "status": blank(r["status"]),
                "note_en": blank(r["note_en"]),
                "source": "desk",
                "period_of_origin": None,
                "extra": {},
                **stated("symbols"),
            }
        )
    t["interviewees"] = []
    for r in rows("interviewees.csv"):
        key, prefix = SECTORS[r["helix_sector"]]
        for k in range(1, int(r["count"]) + 1):
            t["interviewees"].append(
                {
                    "id": len(t["interviewees"]) + 1,
                    "code": f"{prefix}{k:02d}",
                    "sector": key,
                    "attributes": {},
                    "note": "anonymous interviewee of the study (sector only)",
                    **stated("interviewees"),
                }
            )
    t["narratives"] = []
    for i, r in enumerate(narr, 1):
        t["narratives"].append(
            {
                "id": i,
                "period_id": seen[int(r["period_no"])],
                "status": r["status"],
                "position": i,
                "text_en": r["narrative_en"],
                "text_sl": r["narrative_sl"],
                **stated("narratives"),
            }
        )
    t["innovations"] = [
        {
            "id": int(r["no"]),
            "no": int(r["no"]),
            "type_en": r["type_en"],
            "type_sl": r["type_sl"],
            "name_en": r["name_en"],
            "name_sl": r["name_sl"],
            "year": int(r["year"]) if r["year"] else None,
            "found_by": "researchers",
            "status": "accepted",
            "criteria": {},
            "outcomes": [],
            "extra": {},
            **stated("innovations"),
        }
        for r in rows("innovations.csv")
    ]
    probs = {r["problem_en"]: int(r["rank"]) for r in rows("problems.csv")}
    t["problems"] = [
        {
            "id": int(r["rank"]),
            "position": int(r["rank"]),
            "rank": int(r["rank"]),
            "text_en": r["problem_en"],
            "text_sl": r["problem_sl"],
            **stated("problems"),
        }
        for r in rows("problems.csv")
    ]
    t["solutions"] = [
        {
            "id": i,
            "problem_id": probs[r["problem_en"]],
            "problem_as_worked_on_en": r["problem_as_worked_on"],
            "problem_as_worked_on_sl": SOLUTIONS_SL[i - 1][0],
            "title_en": r["solution_en"],
            "title_sl": r["solution_sl"],
            "detail_en": r["detail_en"],
            "detail_sl": SOLUTIONS_SL[i - 1][1],
            "card": {},
            **stated("solutions"),
        }
        for i, r in enumerate(rows("solutions.csv"), 1)
    ]
    t["dualities"] = [
        {
            "id": int(r["no"]),
            "no": int(r["no"]),
            "one_hand_en": r["on_one_hand_en"],
            "one_hand_sl": DUALITIES_SL[int(r["no"]) - 1][0],
            "other_hand_en": r["on_the_other_hand_en"],
            "other_hand_sl": DUALITIES_SL[int(r["no"]) - 1][1],
            **stated("dualities"),
        }
        for r in rows("dualities.csv")
    ]
    t["facts"] = [
        {
            "id": i,
            "key": key,
            "subject": subj,
            "value": v,
            "value_max": vmax,
            "unit": unit,
            "year": year,
            "text_en": en,
            "text_sl": sl,
            "source": "article",
            **stated("facts"),
        }
        for i, (key, subj, v, vmax, unit, year, en, sl) in enumerate(FACTS, 1)
    ]
    t["evidence"], t["evidence_links"] = evidence(t)
    return {
        "format": "townpaths-bundle",
        "version": 2,
        "town": {
            "slug": "velenje",
            "name": "Velenje",
            "name_sl": "Velenje",
            "country": "Slovenia",
            "is_example": True,
            "description_en": "Coal-mining and industrial town that grew after 1945 as a 'socialist miracle' "
            "around the lignite mine and the appliance maker Gorenje.",
            "description_sl": "Premogovniško in industrijsko mesto, ki je po letu 1945 zraslo kot »socialistični "
            "čudež« ob premogovniku lignita in proizvajalcu gospodinjskih aparatov Gorenje.",
            "source": CITATION,
            "citation": CITATION,
            "study_start_year": 2017,
            "study_end_year": 2020,
            "languages": ["sl", "en"],
            "extra": {},
            "public_parts": ["report", "innovations", "join"],
        },
        "tables": t,
    }


def evidence(t: dict) -> tuple[list[dict], list[dict]]:
    sym = {s["name_en"]: s["id"] for s in t["symbols"]}
    narr = {n["text_en"]: n["id"] for n in t["narratives"]}
    items = [
        (
            "lock_in",
            "symbols",
            "Industrial heritage is absent from the municipality's official documents, which sell a generic "
            "'green, bright, innovative' image to investors.",
            "Odsotnost industrijske dediščine v uradnih občinskih dokumentih, ki investitorjem »prodajajo« generično "
            "podobo mesta, ki je »zeleno«, »svetlo«, »inovativno«.",
            [("symbols", sym["municipal strategic and development documents"]), ("symbol_types", 16)],
        ),
        (
            "lock_in",
            "narratives",
            "Narratives of clientelism and nepotism (the 'miners' mentality') and of the social and political "
            "hegemony of elites from the dominant industries.",
            "Pripovedi o klientelizmu in nepotizmu (»knapovska mentaliteta«) in občutek družbene in politične "
            "hegemonije »elit« iz prevladujočih gospodarskih panog.",
            [("narratives", narr['"miners\' mentality" (knapovska mentaliteta)']), ("problems", 5), ("problems", 6)],
        ),
        (
            "lock_in",
            "economy",
            "The workshop ranked an economy resting on two companies as the town's most pressing problem.",
            "Udeleženci delavnice so ranljivo, na dveh podjetjih temelječe gospodarstvo uvrstili na prvo mesto.",
            [("problems", 1), ("problems", 2)],
        ),
        (
            "path_renewal",
            "innovations",
            "The town was always socially innovative: 21 social innovations, the ecological movement a pioneer of "
            "wider socio-political movements.",
            "Velenje je bilo vedno tudi družbeno inovativno; ekološko gibanje je bilo znanilec širših "
            "družbenopolitičnih gibanj.",
            [("innovations", i["id"]) for i in t["innovations"]],
        ),
        (
            "path_renewal",
            "symbols",
            "Old production buildings are reused for creative activities.",
            "Nekateri stari proizvodni objekti se uporabljajo za novejše ustvarjalne dejavnosti.",
            [("symbols", sym["Stara pekarna (Old Bakery)"]), ("symbols", sym["Klasirnica (coal separation plant)"])],
        ),
        (
            "path_renewal",
            "symbols",
            "Tourism uses both socialist and industrial heritage.",
            "Turistična ponudba vključuje tako dediščino socializma kot industrializma.",
            [
                ("symbols", sym["socialist tour of the town"]),
                ("symbols", sym["Tito ice cream"]),
                ("symbols", sym["Lignit burger"]),
                ("symbols", sym["municipal tourism strategy"]),
            ],
        ),
        (
            "path_renewal",
            "symbols",
            "Industrial and socialist heritage inspires successful writers and musicians.",
            "Dediščina je navdih uspešnim kulturnim ustvarjalcem (pisatelji, glasbeniki).",
            [("symbols", sym["writer Peter Rezman"])],
        ),
        (
            "path_renewal",
            "narratives",
            "Optimistic narratives: a cohesive town where volunteering survives, a green environment for "
            "recreation, new knowledge and professions (green energy, environmental protection).",
            "Optimistične pripovedi o družbeno kohezivnem mestu s prostovoljstvom, zelenim okoljem in novimi "
            "poklici (zelena energetika, varstvo okolja).",
            [("narratives", n["id"]) for n in t["narratives"] if n["id"] in (2, 10, 14, 16)],
        ),
        (
            "path_renewal",
            "solutions",
            "Workshop solutions build on natural resources and social capital (volunteering, solidarity); they may "
            "transfer to other small industrial towns.",
            "Rešitve z delavnic temeljijo na naravnih virih in družbenem kapitalu; so potencialno prenosljive v druga "
            "mala industrijska mesta.",
            [("solutions", s["id"]) for s in t["solutions"]],
        ),
    ]
    ev, links = [], []
    for pos, (kind, theme, en, sl, refs) in enumerate(items, 1):
        ev.append(
            {
                "id": pos,
                "kind": kind,
                "theme": theme,
                "position": pos,
                "statement_en": en,
                "statement_sl": sl,
                "key": f"study-{pos}",
                **stated("evidence"),
            }
        )
        for table, rid in refs:
            links.append({"id": len(links) + 1, "evidence_id": pos, "record_table": table, "record_id": rid})
    return ev, links


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
