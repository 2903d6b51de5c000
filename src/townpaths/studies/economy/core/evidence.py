"""From indicator values to lock-in / path-renewal evidence, by documented thresholds
(docs/indicators.md). Pure: returns evidence statements, the service stores them."""

from __future__ import annotations

from typing import Any

#: Share of the two largest employers at or above which the economy counts as locked in
#: (the article's weak point: an economy resting on two companies).
TOP2_LOCK_IN = 0.40
#: Raw HHI at or above which employment is highly concentrated (the US DOJ/FTC 2010 merger
#: guidelines' "highly concentrated" bound, 2,500 on the 0-10,000 scale).
HHI_LOCK_IN = 0.25
#: Location quotient of the town's largest sector at or above which the town is over-specialised.
LQ_LOCK_IN = 2.0


def _pct(x: float, lang: str) -> str:
    text = f"{x * 100:.1f} %"
    return text.replace(".", ",") if lang == "sl" else text


def _num(x: float, lang: str, digits: int = 3) -> str:
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "sl" else text


def statements(year: int, ind: dict[str, Any]) -> list[dict[str, Any]]:
    """Evidence items for one year's indicators (as :func:`townpaths.studies.economy.core.compute.by_year` gives them):
    ``{"key", "kind", "theme", "statement_en", "statement_sl", "uses"}`` where ``uses`` says which
    employment rows it rests on (``town`` or ``town+national``)."""
    out = []
    c = ind.get("concentration")
    if c:
        unit_en = "employers" if c["unit"] == "firm" else "sectors"
        unit_sl = "delodajalca" if c["unit"] == "firm" else "sektorja"
        share = c["top2_share"]
        kind = "lock_in" if share >= TOP2_LOCK_IN else "path_renewal"
        names = ", ".join(c["top2"])
        out.append(
            {
                "key": f"economy-top2-share-{year}",
                "kind": kind,
                "theme": "economy",
                "uses": "town",
                "statement_en": f"In {year} the two largest {unit_en} ({names}) held {_pct(share, 'en')} of the town's "
                f"employment (lock-in at {_pct(TOP2_LOCK_IN, 'en')} or more).",
                "statement_sl": f"Leta {year} sta največja {unit_sl} ({names}) zaposlovala {_pct(share, 'sl')} "
                f"zaposlenih v mestu (zaklepanje pri {_pct(TOP2_LOCK_IN, 'sl')} ali več).",
            }
        )
        h = c["hhi"]
        out.append(
            {
                "key": f"economy-hhi-{year}",
                "kind": "lock_in" if h >= HHI_LOCK_IN else "path_renewal",
                "theme": "economy",
                "uses": "town",
                "statement_en": f"In {year} the Herfindahl-Hirschman index of employment by {c['unit']} was "
                f"{_num(h, 'en')} (normalised {_num(c['hhi_normalised'], 'en')}; highly concentrated "
                f"at {_num(HHI_LOCK_IN, 'en', 2)} or more).",
                "statement_sl": f"Leta {year} je bil Herfindahl-Hirschmanov indeks zaposlenosti "
                f"{_num(h, 'sl')} (normaliziran {_num(c['hhi_normalised'], 'sl')}; močna koncentracija "
                f"pri {_num(HHI_LOCK_IN, 'sl', 2)} ali več).",
            }
        )
    v, nv = ind.get("variety"), ind.get("national_variety")
    if v and nv:
        below = v["total"] < nv["total"]
        out.append(
            {
                "key": f"economy-variety-{year}",
                "kind": "lock_in" if below else "path_renewal",
                "theme": "economy",
                "uses": "town+national",
                "statement_en": f"In {year} the town's total variety was {_num(v['total'], 'en')} bits (related "
                f"{_num(v['related'], 'en')}, unrelated {_num(v['unrelated'], 'en')}), "
                f"{'below' if below else 'at or above'} the national {_num(nv['total'], 'en')}.",
                "statement_sl": f"Leta {year} je bila skupna raznolikost mesta {_num(v['total'], 'sl')} bita (sorodna "
                f"{_num(v['related'], 'sl')}, nesorodna {_num(v['unrelated'], 'sl')}), "
                f"{'nižja od' if below else 'enaka ali višja od'} državne {_num(nv['total'], 'sl')}.",
            }
        )
    lq, largest = ind.get("location_quotients"), ind.get("largest_sector")
    if lq and largest and lq.get(largest) is not None:
        value = lq[largest]
        out.append(
            {
                "key": f"economy-lq-{year}",
                "kind": "lock_in" if value >= LQ_LOCK_IN else "path_renewal",
                "theme": "economy",
                "uses": "town+national",
                "statement_en": f"In {year} the town's largest sector {largest} had a location quotient of "
                f"{_num(value, 'en', 2)} against the national reference (over-specialised at "
                f"{_num(LQ_LOCK_IN, 'en', 1)} or more).",
                "statement_sl": f"Leta {year} je imel največji sektor mesta {largest} lokacijski količnik "
                f"{_num(value, 'sl', 2)} glede na državo (prevelika specializacija pri "
                f"{_num(LQ_LOCK_IN, 'sl', 1)} ali več).",
            }
        )
    return out
