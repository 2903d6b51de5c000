"""Build the shipped Velenje default case (src/townpaths/data/velenje/bundle.json).

Maintainers' tool, not run by users: it reads the article's tables (CSV digest in
../shared/study/velenje/) and adds the Slovene wording of the same findings from the original
article (../shared/study/article-sl.txt). Every Slovene text of a record stated by the study
(provenance ``study``) is the article's own wording (a test finds each in the article); its
``provenance_note`` names the table, figure, section or footnote. What the article does not
state is marked: ``inferred`` records carry the reason (an evidence item the article does not
list, the innovation periods' years, a symbol the article mentions without naming it), the
additions within a stated record are named in its note (each symbol's theme, the type chosen
for an example of a category with several types), and a field the article leaves open stays
empty (who found each innovation, the third period's years).
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

TITLE = "Industrija in socializem: oviri ali gonili prihodnjega razvoja Velenja"
TITLE_EN = "Industry and socialism: obstacles or drivers of the future development of Velenje"
#: The article's reference, in the style of its own footnotes (the byline is not in the text).
CITATION = f"»{TITLE}«, v: Šaleški razgledi 17, Zbornik 2020 (2020)."
#: The companion paper of the first workshop (the article's footnote 41): the source of the four
#: dimensions of social sustainability.
TIRAN_2019 = (
    "Jernej Tiran, David Bole, Primož Gašperič, Jani Kozina, Peter Kumer, Primož Pipan, »Vrednotenje "
    "družbene trajnostnosti malega industrijskega mesta: primer Velenja«, Geografski vestnik 91, št. 2 (2019), "
    "str. 71–89, doi:10.3986/GV91204."
)
SOURCES = [
    {
        "key": "tiran-2019",
        "citation": TIRAN_2019,
        "used_for_en": "the four dimensions of social sustainability assessed at the first workshop (a companion "
        "paper of the study, cited in its footnote 41; the article itself names no dimensions)",
        "used_for_sl": "štiri razsežnosti družbene trajnostnosti, ocenjene na prvi delavnici (spremljajoči članek "
        "raziskave, naveden v opombi 41; članek sam razsežnosti ne navaja)",
    }
]

SYMBOLS_SECTION = "section »Analiza simbolov industrije in socializma v Velenju«"
NARRATIVES_SECTION = "section »Pripovedi udeležencev o preteklem, današnjem in prihodnjem razvoju Velenja«"
INNOVATIONS_SECTION = "section »Pretekle in sedanje družbene inovacije v mestu«"
CONCLUSION = "section »Sklep« (conclusion)"
#: Where in the article each table's records are stated (the records' provenance note).
STATED_IN = {
    "symbol_categories": f"Table 1 (Preglednica 1), {SYMBOLS_SECTION}",
    "symbol_types": f"Table 1 (Preglednica 1), {SYMBOLS_SECTION}",
    "interviewees": "section »Zasnova raziskave«: 23 key participants interviewed, chosen by the quadruple helix",
    "narrative periods": f"Table 2 (Preglednica 2), {NARRATIVES_SECTION}",
    "narratives": f"Table 2 (Preglednica 2), {NARRATIVES_SECTION}",
    "innovations": f"Table 3 (Preglednica 3), {INNOVATIONS_SECTION}; the researchers listed the practices and the "
    "locals extended the list at the second workshop (section »Zasnova raziskave«): the article does not say "
    "which innovation came from whom, so found_by is empty",
    "problems": f"Table 4 (Preglednica 4), {INNOVATIONS_SECTION}: ranked by the workshop participants",
    "solutions": f"Figure 8 (Slika 8) and the text before it, {INNOVATIONS_SECTION}",
    "dualities": f"{CONCLUSION}: the five dualities (»Ta dvojnost se izkazuje na mnogih ravneh«)",
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

#: The four partly overlapping periods of the innovation study (section »Pretekle in sedanje družbene
#: inovacije v mestu«): (no, English, Slovene, start, end, provenance, note). The article gives years
#: only for socialism; the other boundaries are inferred from its text.
INNOVATION_PERIODS = [
    (1, "socialism", "socializem", 1945, 1991, "study", f"{INNOVATIONS_SECTION}: »v obdobju socializma (1945−1991)«"),
    (
        2,
        "environmental crisis of the 1980s",
        "okoljska kriza v 80. letih",
        1980,
        1989,
        "inferred",
        f"{INNOVATIONS_SECTION} names »okoljska kriza v 80. letih prejšnjega stoletja« as the second period but "
        "gives no years: 1980-1989 is read from »v 80. letih« (so the 1989 Pika festival falls in this period)",
    ),
    (
        3,
        "transition after 1991 and EU entry",
        "tranzicija po letu 1991 in vstop v EU",
        1991,
        2008,
        "inferred",
        f"{INNOVATIONS_SECTION} speaks of »Obdobje tranzicije po letu 1991« and the first years after Slovenia "
        "joined the EU but gives no end: 2008 is where the next period begins",
    ),
    (
        4,
        "after the 2008 crisis",
        "po krizi leta 2008",
        2008,
        None,
        "inferred",
        f"{INNOVATIONS_SECTION} starts the last period with the crisis of 2008 (»Leta 2008 je v svetu nastopila "
        "finančna in pozneje še gospodarska kriza«); its name and its open end are ours",
    ),
]

SECTORS = {
    "economy": ("economy", "E"),
    "science and culture": ("science_culture", "S"),
    "municipality": ("municipality", "M"),
    "civil society": ("civil_society", "C"),
}

#: The 23 examples of Table 1 (by their name in the study CSV): English name, the article's Slovene
#: name, and what the provenance note adds: the type chosen for an example of a category with several
#: types, when the finding does not say it.
SYMBOLS = {
    "Gorenje (factory buildings)": ("Gorenje (factory buildings)", "Gorenje", None),
    "Premogovnik Velenje (coal mine buildings)": (
        "Premogovnik Velenje (coal mine buildings)",
        "Premogovnik",
        None,
    ),
    "abandoned production buildings": ("abandoned production buildings", "opuščene stavbe", None),
    "lakes formed by land subsidence": ("lakes formed by land subsidence", "jezera", None),
    "erosion hotspots": ("erosion hotspots", "erozijska žarišča", None),
    "Tito monument": ("Tito monument", "Tito", None),
    "Miner (Rudar) monument": ("Miner (Rudar) monument", "Rudar", None),
    "Nestl Žgank memorial": ("Nestl Žgank memorial", "Žgank", None),
    "Coal Mining Museum (Muzej premogovništva Slovenije)": (
        "Coal Mining Museum (Muzej premogovništva)",
        "Muzej premogovništva",
        None,
    ),
    "Velenje Museum (permanent collection)": (
        "Velenje Museum (permanent collection)",
        "Muzej Velenje (stalna zbirka)",
        None,
    ),
    "socialist tour of the town": ("socialist tour of the town", "socialistična tura po mestu", None),
    "Tito ice cream": (
        "Tito ice cream",
        "sladoled Tito",
        "the finding names it in the tourism offer: its type (cuisine) is ours",
    ),
    "Lignit burger": ("Lignit burger", "Lignit burger", None),
    "Stara pekarna (Old Bakery)": ("Stara pekarna (Old Bakery)", "Stara pekarna", None),
    "Klasirnica (coal separation plant)": ("Klasirnica (coal separation plant)", "Klasirnica", None),
    "writer Peter Rezman": ("writer Peter Rezman", "pisatelj Peter Rezman", None),
    "celebration of Youth Day": ("celebration of Youth Day", "praznovanje dneva mladosti", None),
    "municipal anthem Graditeljem Velenja": (
        "municipal anthem Graditeljem Velenja",
        "himna občine (Graditeljem Velenja)",
        None,
    ),
    "NK Rudar (football club)": (
        "NK Rudar (football club)",
        "NK Rudar",
        "its type (place names) is ours: the finding speaks of the names of sports clubs",
    ),
    "RK Gorenje Velenje (handball club)": (
        "RK Gorenje Velenje (handball club)",
        "RK Gorenje Velenje",
        "its type (place names) is ours: the finding speaks of the names of sports clubs",
    ),
    "Rudarska cesta (Miners' street)": ("Rudarska cesta (Miners' street)", "Rudarska cesta", None),
    "municipal strategic and development documents": (
        "strategic, development and sectoral documents",
        "strateški, razvojni in sektorski dokumenti",
        None,
    ),
    "municipal tourism strategy": ("municipal tourism strategy", "strategija turizma", None),
}

#: The study CSV's notes on two symbols, where they say more than the article.
NOTES_EN = {
    "Nestl Žgank memorial": "memorial to Nestl Žgank, who headed the coal mine from the end of 1950",
    "municipal tourism strategy": "the exception among the strategic documents that hardly mention industry or "
    "socialism",
}

#: The symbol the article mentions without naming it: inferred, with the reason.
UNNAMED = {
    "abandoned production buildings": "Table 1 (Preglednica 1), townscape: the article mentions abandoned buildings "
    "without naming one (»tako z obstoječimi stavbami (Gorenje, Premogovnik) kot opuščenimi«); this record and its "
    "name stand for them"
}

#: What the article says of a type besides its named examples (type no -> Slovene, English, where).
TYPE_NOTES = {
    2: (
        "Mesto je polno dobro ohranjenih in arhitekturno kakovostnih modernističnih zgradb in spomenikov, čeprav so "
        "bili deloma spremenjeni.",
        "The town is full of well-preserved modernist buildings and monuments of high architectural quality, "
        "although they were partly altered.",
        f"{SYMBOLS_SECTION}: the narrative of socialist nostalgia (no example named in Table 1)",
    ),
    6: (
        "Sedem razstavnih prostorov, ki so neposredno in posredno vezani na industrijo in socializem",
        "Seven exhibition spaces directly or indirectly tied to industry and socialism",
        "Table 1 (Preglednica 1): seven exhibition spaces, two of them named",
    ),
    8: (
        "spominki in kulinarična ponudba dodatno še na premogovništvo",
        "souvenirs and food are also tied to coal mining",
        "Table 1 (Preglednica 1), tourism and hospitality (no example named)",
    ),
    12: (
        "Industrijsko bistvo mesta predstavljajo spomeniki …, arhitektura in pop kultura",
        "Monuments …, architecture and pop culture represent the town's industrial essence",
        f"{SYMBOLS_SECTION}: the industrial narrative (no example named in Table 1)",
    ),
}

# Duality 4, other hand: the article's words continue "po drugi strani ..." (the column's heading).
DUALITIES_SL = [
    (
        "prevladujoča pripoved intervjuvancev, da gre za ponosno večkulturno mesto, talilnico narodov bivše "
        "Jugoslavije",
        "obstaja v družbi pripoved o »nevarnosti« in družbeni izključenosti albansko govorečih priseljencev",
    ),
    (
        "občina veliko vlaga v delovanje različnih društev in nevladnega sektorja ter spodbuja prostovoljstvo",
        "se otepa očitkov o klientelizmu in političnem nepotizmu",
    ),
    (
        "Intervjuvanci iz gospodarskega sektorja so omenjali v svet odprto in inovativno gospodarstvo, v katerem so "
        "domači lastniki podpirali tudi družbeno-kulturni razvoj lokalne skupnosti",
        "so taisti lastniki prodali Gorenje tujemu lastniku, ki ne slovi po razviti družbeni odgovornosti",
    ),
    ("V mestu obstajajo parole o »mladem mestu«", "je Velenje demografsko eno najbolj ogroženih mest v Sloveniji"),
    (
        "Lokalne strategije postavljajo v ospredje kakovostno bivalno in zeleno okolje",
        "se razmišlja o sežigalnici odpadkov in se ne problematizira trase tretje razvojne osi iz okoljskih vidikov",
    ),
]
#: English of the dualities where the study CSV leaves out or adds words.
DUALITIES_EN = {
    1: (
        "the dominant narrative of the interviewees is that of a proud multicultural town, a melting pot of the "
        "nations of former Yugoslavia",
        None,
    ),
    5: (
        None,
        "a waste incinerator is considered and the route of the third development axis is not questioned on "
        "environmental grounds",
    ),
}

#: Figure 8: the problem as worked on (Slovene, from the figure) and the article's text on each solution.
SOLUTIONS_SL = [
    (
        "bipolarno in ranljivo gospodarstvo",
        "Rešitev prvega vprašanja, tj. ranljivega, na dveh podjetjih temelječega gospodarstva, smo iskali v "
        "diverzifikaciji gospodarstva. Udeleženci delavnice so namesto razvoja turizma, ki se je marsikomu zdel "
        "nerealen, predlagali postavitev ribogojnice na območju jezer v obliki javno-zasebnega partnerstva, ki bi ga "
        "omogočil tudi zakon o zapiranju premogovnika. Ribogojnica bi zaposlovala do 80 ljudi, tako za gojenje rib "
        "kot za urejanje prostora, in omogočila tudi zaposlitev slabše kvalificiranim delavcem. Učinkovita raba "
        "naravnih virov, ki zaenkrat še niso docela izkoriščeni, bi pomenila nekakšno nadomestilo za izgubljena "
        "kmetijska zemljišča in spodbudila razvoj drugih gospodarskih panog.",
        "The solution to the first problem, an economy resting on two companies, was sought in diversifying the "
        "economy. Instead of developing tourism, which many found unrealistic, the workshop participants proposed a "
        "fish farm in the lakes area as a public-private partnership, also enabled by the law on closing the coal "
        "mine. The fish farm would employ up to 80 people, in fish farming and in landscape management, and would "
        "also employ lower-skilled workers. The efficient use of natural resources not yet fully used would be a "
        "kind of compensation for lost farmland and would stimulate other sectors of the economy.",
    ),
    (
        "možna socialna vprašanja po zaprtju premogovnika",
        "Pri drugem vprašanju smo se osredotočili na možne socialne težave, ki bi se pojavile po zaprtju "
        "premogovnika (revščina, socialna izključenost, kriminal, zmanjšanje družbene kohezivnosti). Mesto ima "
        "sicer dobro razvite socialne mehanizme in programe, vendar ob hujši krizi ti ne bi zadoščali. Udeleženci so "
        "zato za rešitev predlagali krepitev in profesionalizacijo nevladnega sektorja. Ta je v mestu sicer "
        "prisoten, a finančno in kadrovsko podhranjen. Okrepljen bi bil sposoben razviti inovativne socialne "
        "programe in s tem nuditi zaposlitev mladim diplomantom družboslovnih smeri, hkrati pa skrbeti za socialno "
        "vključenost brezposelnih prek prostovoljstva, priložnostnega dela in izobraževanja.",
        "The second problem was narrowed to the social problems that could follow the closure of the coal mine "
        "(poverty, social exclusion, crime, weaker social cohesion). The town has well-developed social mechanisms "
        "and programmes, but in a deeper crisis they would not suffice. The participants therefore proposed "
        "strengthening and professionalising the NGO sector. It is present in the town but short of money and "
        "staff. Strengthened, it could develop innovative social programmes and so employ young social-science "
        "graduates, and at the same time look after the social inclusion of the unemployed through volunteering, "
        "casual work and education.",
    ),
    (
        "izseljevanje izobraženih mladih",
        "Tretje vprašanje, izseljevanje izobraženih mladih, zlasti diplomantov družboslovnih smeri, je med drugim "
        "posledica pomanjkanja ustreznih delovnih mest in preskromnega sodelovanja med izobraževalnimi ustanovami "
        "in podjetji. Rešitev, ki bi omilila težavo, so udeleženci videli v razvoju mentorske sheme, v kateri bi "
        "starejši, izkušeni delavci na mlajše prenašali znanje, jih usmerjali in usposabljali. Za to bi dobili tudi "
        "finančno spodbudo, hkrati pa bi se upokojili takoj, ko za to izpolnjujejo pogoje, in s tem svoje mesto "
        "prepustili mlajšim. Ti bi lahko uresničili svoj ustvarjalni potencial in ostali v domačem kraju. … "
        "Mentorska shema je dodatno zanimiva z vidika uporabe in ohranitve skritega znanja, enega najpomembnejših "
        "elementov industrijske kulture",
        "The third problem, the emigration of educated young people, above all social-science graduates, follows "
        "among other things from a lack of suitable jobs and too little cooperation between education and firms. "
        "The participants saw the solution in a mentoring scheme in which older, experienced workers would pass "
        "their knowledge to younger ones, guide and train them. They would get a financial incentive for it and "
        "retire as soon as they are eligible, leaving their place to the young, who could realise their creative "
        "potential and stay in their home town. … The mentoring scheme is also of interest for using and keeping "
        "tacit knowledge, one of the most important elements of industrial culture.",
    ),
]

INNOVATIONS = INNOVATIONS_SECTION
#: (key, subject, value, value_max, unit, year, English, Slovene: the article's words, where)
FACTS = [
    (
        "voluntary_work_participation",
        "udarniško delo",
        70,
        87,
        "%",
        None,
        "When voluntary work was already dying out elsewhere in Slovenia and Yugoslavia after 1950, Velenje "
        "continued it; more than 70 % of the working-age population took part, by some sources even 87 %.",
        "Ko je udarniško delo drugod po Sloveniji in Jugoslaviji po letu 1950 že zamiralo, so ga v Velenju "
        "nadaljevali; vanj je bilo vključenih več kot 70 %, po nekaterih podatkih pa celo 87 % za delo sposobnega "
        "prebivalstva.",
        f"{INNOVATIONS}, footnote 32",
    ),
    (
        "volunteer_friendly_town_years",
        "prostovoljstvo",
        7,
        None,
        "years",
        None,
        'The Municipality of Velenje has received the title "Volunteer-friendly town" seven years in a row.',
        "To dokazuje tudi naziv Prostovoljstvu prijazno mesto, ki ga je Mestna občina Velenje prejela že sedmo leto "
        "zapored.",
        INNOVATIONS,
    ),
    (
        "summer_cinema_hours",
        "prostovoljstvo",
        1500,
        None,
        "hours",
        2009,
        "One of the most notable modern voluntary work actions was the renovation of the summer cinema at Škale "
        "lake in 2009, with more than 1,500 hours of work.",
        "Ena najodmevnejših sodobnih udarniških akcij je bila obnova letnega kina ob Škalskem jezeru leta 2009, ko "
        "je bilo opravljenih več kot 1500 ur dela.",
        f"{INNOVATIONS}, footnote 33",
    ),
    (
        "rally_1987",
        "ekološko gibanje",
        15000,
        None,
        "people",
        1987,
        "The protest rally on Titov trg on 8 November 1987, which about 15,000 people are said to have attended, "
        "symbolises the start of the ecological movement.",
        "Protestni shod na Titovem trgu 8. novembra 1987, ki naj bi se ga udeležilo okrog 15.000 ljudi, simbolizira "
        "začetek ekološkega gibanja",
        f"{INNOVATIONS}, footnote 37",
    ),
    (
        "ecological_referendum",
        "ekološko gibanje",
        80,
        None,
        "%",
        None,
        "The movement brought about the first ecological referendum in Yugoslavia, in which more than 80 % of "
        "voters supported the demand for the ecological remediation of the Šoštanj thermal power plant.",
        "Gibanje je zaslužno za prvi ekološki referendum v Jugoslaviji, na katerem je več kot 80 % volivcev podprlo "
        "zahtevo po ekološki sanaciji Termoelektrarne Šoštanj.",
        INNOVATIONS,
    ),
    (
        "sasa_jobs_2017",
        "SAŠA inkubator",
        23,
        None,
        "jobs",
        2017,
        "The SAŠA incubator, founded in 2007 on the model of foreign business accelerators, … created 23 new jobs "
        "in 2017.",
        "Saša inkubator, ustanovljen leta 2007 po vzoru tujih podjetniških spodbujevalcev … Leta 2017 so ustvarili "
        "23 novih delovnih mest",
        f"{INNOVATIONS}, footnote 42 (citing Tiran et al. 2019)",
    ),
    (
        "gorenje_layoffs_2020",
        "Gorenje",
        2000,
        None,
        "jobs",
        2020,
        "At the time of writing Gorenje announced the layoff of 2,000 workers, 1,000 of them in Velenje (Delo, "
        "24 April 2020).",
        "V času pisanja prispevka je Gorenje napovedalo odpuščanje 2000 delavcev, od tega 1000 v Velenju",
        "section »Uvod«, footnote 13",
    ),
    (
        "exhibition_spaces",
        "muzeji in razstave",
        7,
        None,
        "spaces",
        2018,
        "Seven exhibition spaces directly or indirectly tied to industry and socialism.",
        "Sedem razstavnih prostorov, ki so neposredno in posredno vezani na industrijo in socializem",
        "Table 1 (Preglednica 1), heritage institutions (the inventory of 2018)",
    ),
    (
        "fish_farm_jobs",
        "ribogojnica",
        80,
        None,
        "jobs",
        None,
        "The proposed fish farm would employ up to 80 people, in fish farming and in landscape management.",
        "Ribogojnica bi zaposlovala do 80 ljudi, tako za gojenje rib kot za urejanje prostora",
        f"{INNOVATIONS}: the solutions of the third workshop",
    ),
    (
        "interviewees",
        "pripovedi",
        23,
        None,
        "people",
        None,
        "The analysis of narratives rests on interviews with 23 key participants from the economy (13), science and "
        "culture (4), the municipality (3) and civil society (3).",
        "Analiza pripovedi temelji na intervjuvanju 23 ključnih udeležencev s področij gospodarstva (13), znanosti in "
        "kulture (4), občine (3) in civilne družbe (3).",
        "section »Zasnova raziskave«",
    ),
]

#: The article's caveats, by the report section they qualify: the article's words, their English,
#: and where the article says it.
CAVEATS = {
    "table4": {
        "text_sl": "V času delavnic se je zaprtje premogovnika, zlasti zaradi podnebne krize, znašlo v središču javnih "
        "razprav. Gorenje je bilo takrat kljub negotovosti in menjavi lastništva razmeroma dobro stoječe podjetje. "
        "Če bi delavnice izvedli danes, bi bili zaradi napovedi množičnega odpuščanja v Gorenju rezultati bržkone "
        "drugačni.",
        "text_en": "At the time of the workshops the closure of the coal mine, above all because of the climate "
        "crisis, was at the centre of public debate. Despite the uncertainty and the change of owner, Gorenje was "
        "then a fairly sound company. Were the workshops held today, the results would probably be different "
        "because of the announced mass layoffs at Gorenje.",
        "where_en": "footnote 46",
        "where_sl": "opomba 46",
    },
    "figure8": {
        "text_sl": "Omenjene družbene inovacije so potencialno prenosljive tudi v druga mala industrijska mesta. "
        "Vendar so zaenkrat še na ravni idejne zasnove, zato je treba preučiti možnost izvedbe in jih nadalje "
        "razvijati.",
        "text_en": "These social innovations could also be transferred to other small industrial towns. For now, "
        "however, they are still ideas: their feasibility has to be studied and they have to be developed further.",
        "where_en": "conclusion",
        "where_sl": "Sklep",
    },
    "dualities": {
        "text_sl": "Ta protislovja niso nekaj nujno negativnega: lahko so poligon za široko razpravo o prihodnjem "
        "razvoju Velenja in ponovnem ovrednotenju njegovega največjega notranjega vira, to je industrijske "
        "tradicije in z njo povezanih pozitivnih vrednot lokalnega prebivalstva.",
        "text_en": "These contradictions are not necessarily negative: they can be a ground for a broad debate on "
        "the future development of Velenje and on re-valuing its greatest internal resource, its industrial "
        "tradition and the positive values of the local population tied to it.",
        "where_en": "conclusion",
        "where_sl": "Sklep",
    },
}


def symbol_note(csv_name: str, category_sl: str, theme: str | None) -> dict[str, str]:
    """A symbol's provenance: the finding that names it, and what townpaths adds (its theme, a type
    the finding does not say)."""
    if csv_name in UNNAMED:
        note = UNNAMED[csv_name]
        provenance = "inferred"
    else:
        note = f"Table 1 (Preglednica 1), named in the main findings of »{category_sl}«"
        provenance = "study"
    extra = SYMBOLS[csv_name][2]
    if extra:
        note += f"; {extra}"
    if theme:
        note += f"; the theme ({theme}) is added by townpaths, not the article's"
    return {"provenance": provenance, "provenance_note": note}


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
    for no, en, sl, start, end, provenance, note in INNOVATION_PERIODS:
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
                "provenance": provenance,
                "provenance_note": note,
            }
        )

    t["symbol_categories"], t["symbol_types"] = [], []
    cats: dict[str, int] = {}
    category_sl: dict[int, str] = {}
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
        category_sl[no] = r["category_sl"]
        note_sl, note_en, where = TYPE_NOTES.get(no, (None, None, None))
        t["symbol_types"].append(
            {
                "id": no,
                "category_id": cats[key],
                "no": no,
                "name_en": r["type_en"],
                "name_sl": r["type_sl"],
                "note_en": note_en,
                "note_sl": note_sl,
                "provenance": "study",
                "provenance_note": STATED_IN["symbol_types"] + (f"; its note: {where}" if where else ""),
            }
        )
    t["symbols"], keys = [], set()
    for i, r in enumerate(rows("symbols.csv"), 1):
        name_en, name_sl, _ = SYMBOLS[r["name"]]
        key = unique_key(slug(name_en), keys)
        keys.add(key)
        t["symbols"].append(
            {
                "id": i,
                "type_id": int(r["type_no"]),
                "name_en": name_en,
                "name_sl": name_sl,
                "external_id": key,
                "theme": blank(r["theme"]),
                "status": blank(r["status"]),
                "note_en": NOTES_EN.get(r["name"]) or blank(r["note_en"]),
                "source": "desk",
                "period_of_origin": None,
                "extra": {},
                **symbol_note(r["name"], category_sl[int(r["type_no"])], blank(r["theme"])),
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
                    "provenance": "study",
                    "provenance_note": f"{STATED_IN['interviewees']}: {r['helix_sector']} ({r['count']}); "
                    "the code is a pseudonym made by townpaths (the article gives only the sectors)",
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
                "provenance": "study",
                "provenance_note": f"{STATED_IN['narratives']}: period {r['period_no']}, {r['status']} narrative",
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
            "found_by": None,
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
            "detail_en": SOLUTIONS_SL[i - 1][2],
            "detail_sl": SOLUTIONS_SL[i - 1][1],
            "card": {},
            **stated("solutions"),
        }
        for i, r in enumerate(rows("solutions.csv"), 1)
    ]
    t["dualities"] = []
    for r in rows("dualities.csv"):
        no = int(r["no"])
        one_en, other_en = DUALITIES_EN.get(no, (None, None))
        t["dualities"].append(
            {
                "id": no,
                "no": no,
                "one_hand_en": one_en or r["on_one_hand_en"],
                "one_hand_sl": DUALITIES_SL[no - 1][0],
                "other_hand_en": other_en or r["on_the_other_hand_en"],
                "other_hand_sl": DUALITIES_SL[no - 1][1],
                **stated("dualities"),
            }
        )
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
            "provenance": "study",
            "provenance_note": where,
        }
        for i, (key, subj, v, vmax, unit, year, en, sl, where) in enumerate(FACTS, 1)
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
            "description_en": "Coal-mining and industrial town that grew after the Second World War thanks to the "
            "coal mine and earned the name 'socialist miracle'; the coal mine and Gorenje were the driving forces of "
            "its development.",
            "description_sl": "Industrijsko in premogovniško mesto, ki je po drugi svetovni vojni zraslo po zaslugi "
            "premogovnika in dobilo naziv »socialistični čudež«; gonilni sili razvoja sta bila premogovnik in "
            "Gorenje.",
            "source": CITATION,
            "citation": CITATION,
            "study_start_year": 2017,
            "study_end_year": 2020,
            "languages": ["sl", "en"],
            "extra": {
                "title": {"sl": TITLE, "en": TITLE_EN},
                "sources": SOURCES,
                "caveats": CAVEATS,
            },
            "public_parts": ["report", "innovations", "join"],
        },
        "tables": t,
    }


def evidence(t: dict) -> tuple[list[dict], list[dict]]:
    """The conclusion's evidence of lock-in and path renewal, in the article's words; the one item
    the conclusion does not state is inferred, with the reason."""
    sym = {s["name_en"]: s["id"] for s in t["symbols"]}
    narr = {n["text_en"]: n["id"] for n in t["narratives"]}
    items = [
        (
            "lock_in",
            "symbols",
            "The lock-in effect shows in Velenje already in the analysis of the town's symbols; it is most evident in "
            "the absence of industrial heritage from the official municipal documents, as if the town authorities "
            "tried to 'sell' investors a generic image of a 'green', 'bright', 'innovative' town.",
            "Učinek zaklepanja najdemo v Velenju že v analizi simbolov mesta, najbolj očiten pa je v odsotnosti "
            "industrijske dediščine v uradnih občinskih dokumentih – kot da bi mestne oblasti skušale »prodajati« "
            "investitorjem generično podobo mesta, ki je »zeleno«, »svetlo«, »inovativno«.",
            [("symbols", sym["strategic, development and sectoral documents"]), ("symbol_types", 16)],
            None,
        ),
        (
            "lock_in",
            "narratives",
            "Elements of lock-in can also be drawn from the analysis of narratives: … some dominant narratives "
            "mention clientelism and nepotism (the 'miners' mentality') and the related sense of the social and "
            "political hegemony of 'elites' from the dominant industries of the municipality.",
            "Tudi iz analize pripovedi lahko izluščimo prvine učinkov zaklepanja. … omenjajo klientelizem in "
            "nepotizem (»knapovska mentaliteta«) in z njim povezanim občutkom družbene in politične hegemonije "
            "»elit«, ki izhajajo iz prevladujočih gospodarskih panog v občini.",
            [("narratives", narr['"miners\' mentality" (knapovska mentaliteta)']), ("problems", 5), ("problems", 6)],
            None,
        ),
        (
            "lock_in",
            "economy",
            "The workshop participants ranked the economy resting on two companies as the town's most pressing "
            "problem (Table 4), read here as a sign of lock-in: the dominance of a single activity.",
            "Udeleženci delavnic so ranljivo, na dveh podjetjih temelječe gospodarstvo uvrstili na prvo mesto "
            "(preglednica 4); tu ga beremo kot znak učinka zaklepanja, prevlade ene same dejavnosti.",
            [("problems", 1), ("problems", 2)],
            "the article's conclusion does not list the workshop ranking among the signs of lock-in; it is read as "
            "one here because the article defines the lock-in effect at the economic level as the dominance of a "
            "single activity (section »Uvod«) and the workshop ranked the economy resting on two companies first "
            "(Table 4)",
        ),
        (
            "path_renewal",
            "innovations",
            "Above all the analysis of social innovations shows that Velenje was always not only technologically but "
            "also socially innovative. Not only locally but also nationally the town often showed its 'pioneering "
            "spirit', for example with the ecological movement, a herald of wider socio-political movements.",
            "Zlasti iz analize družbenih inovacij je vidno, da je bilo Velenje vedno ne samo tehnološko, ampak tudi "
            "družbeno inovativno. Ne le na lokalni, temveč tudi na nacionalni ravni je mesto nemalokrat izkazalo "
            "svojega »pionirskega duha«, na primer z ekološkim gibanjem, znanilcem širših družbenopolitičnih gibanj.",
            [("innovations", i["id"]) for i in t["innovations"]],
            None,
        ),
        (
            "path_renewal",
            "symbols",
            "Path renewal based on the existing tradition and values shows at the symbolic level too: some old "
            "production buildings are used for newer creative activities.",
            "Iskanje novih poti na osnovi obstoječe tradicije in vrednot je opazno tudi na simbolni ravni: nekateri "
            "stari proizvodni objekti se uporabljajo za novejše ustvarjalne dejavnosti",
            [("symbols", sym["Stara pekarna (Old Bakery)"]), ("symbols", sym["Klasirnica (coal separation plant)"])],
            None,
        ),
        (
            "path_renewal",
            "symbols",
            "The tourism offer includes the heritage of both socialism and industrialism.",
            "turistična ponudba vključuje tako dediščino socializma kot industrializma",
            [
                ("symbols", sym["socialist tour of the town"]),
                ("symbols", sym["Tito ice cream"]),
                ("symbols", sym["Lignit burger"]),
                ("symbols", sym["municipal tourism strategy"]),
            ],
            None,
        ),
        (
            "path_renewal",
            "symbols",
            "The heritage of socialism and of industrialism inspires successful cultural creators (writers, "
            "musicians).",
            "turistična ponudba vključuje tako dediščino socializma kot industrializma, oboje pa je navdih uspešnim "
            "kulturnim ustvarjalcem (pisatelji, glasbeniki)",
            [("symbols", sym["writer Peter Rezman"])],
            None,
        ),
        (
            "path_renewal",
            "narratives",
            "Some dominant narratives of the residents are optimistic too and speak of a socially cohesive town in "
            "which volunteering and social engagement are still important values kept from the recent past, in which "
            "life is good thanks to the green environment and the opportunities for recreation, and in which new "
            "knowledge and new professions (green energy, environmental protection) grow out of difficult past "
            "experience.",
            "Tudi nekatere prevladujoče pripovedi prebivalk in prebivalcev so optimistične in govorijo o družbeno "
            "kohezivnem mestu, v katerem sta prostovoljstvo in družbena zavzetost še vedno pomembni vrednoti, ki se "
            "ohranjata iz polpretekle zgodovine, v katerem je lepo živeti zaradi zelenega okolja in možnosti "
            "rekreacije, v katerem se na osnovi težavnih preteklih izkušenj razvijajo nova znanja in novi poklici "
            "(zelena energetika, varstvo okolja)",
            [("narratives", n["id"]) for n in t["narratives"] if n["id"] in (2, 10, 14, 16)],
            None,
        ),
        (
            "path_renewal",
            "solutions",
            "The social innovations designed in the project have great potential: they were proposed by local "
            "experts, grow out of the existing tradition and offer solutions to the most pressing local problems. … "
            "They could also be transferred to other small industrial towns. For now, however, they are still ideas: "
            "their feasibility has to be studied and they have to be developed further.",
            "Menimo, da imajo družbene inovacije, ki smo jih zasnovali v projektu, velik potencial; predlagali so jih "
            "lokalni poznavalci, izhajajo iz obstoječe tradicije in, nenazadnje, ponujajo rešitve za najbolj pereča "
            "lokalna vprašanja. … Omenjene družbene inovacije so potencialno prenosljive tudi v druga mala "
            "industrijska mesta. Vendar so zaenkrat še na ravni idejne zasnove, zato je treba preučiti možnost "
            "izvedbe in jih nadalje razvijati.",
            [("solutions", s["id"]) for s in t["solutions"]],
            None,
        ),
    ]
    ev, links = [], []
    for pos, (kind, theme, en, sl, refs, inferred) in enumerate(items, 1):
        ev.append(
            {
                "id": pos,
                "kind": kind,
                "theme": theme,
                "position": pos,
                "statement_en": en,
                "statement_sl": sl,
                "key": f"inferred-{pos}" if inferred else f"study-{pos}",
                "provenance": "inferred" if inferred else "study",
                "provenance_note": inferred or f"{CONCLUSION}: {'lock-in' if kind == 'lock_in' else 'path renewal'}",
            }
        )
        for table, rid in refs:
            links.append({"id": len(links) + 1, "evidence_id": pos, "record_table": table, "record_id": rid})
    return ev, links


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
