"""Lexicon scan throughput: townpaths' scanner vs a naive one-regex-per-term scan, same corpus, same run.

    PYTHONPATH=src python bench/documents.py [--mb 50] [--docs 50] [--seed 1]

The corpus is generated Slovene text (about ``--mb`` megabytes of UTF-8, split into ``--docs``
documents like a town's strategies and plans): inflected common words, a large vocabulary of
generated word forms (so the lemmatiser meets many distinct words, as in real documents) and,
now and then, inflected heritage and branding terms. The peer compiles one case-insensitive regex
per lexicon term (each word as a stem followed by ``\\w*``) and runs each over every document;
both count words too. Prints MB/s for both and the speed ratio.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import sys
import time

from townpaths.studies.documents.core.lexicon import WORD, default_terms
from townpaths.studies.documents.core.scan import Scanner, summarise

COMMON = [
    "in",
    "je",
    "za",
    "na",
    "se",
    "da",
    "so",
    "ki",
    "v",
    "z",
    "s",
    "po",
    "pri",
    "od",
    "do",
    "iz",
    "ter",
    "tudi",
    "kot",
    "ali",
    "bo",
    "bodo",
    "smo",
    "bi",
    "ne",
    "pa",
    "še",
    "že",
    "le",
    "mesto",
    "mesta",
    "mestu",
    "mestom",
    "občina",
    "občine",
    "občini",
    "občino",
    "razvoj",
    "razvoja",
    "razvoju",
    "razvojem",
    "strategija",
    "strategije",
    "strategiji",
    "strategijo",
    "cilj",
    "cilji",
    "ciljev",
    "ciljem",
    "ukrep",
    "ukrepi",
    "ukrepov",
    "ukrepom",
    "prebivalci",
    "prebivalcev",
    "prebivalcem",
    "prostor",
    "prostora",
    "prostoru",
    "prostorski",
    "prostorskega",
    "prostorsko",
    "načrt",
    "načrta",
    "načrtu",
    "gospodarstvo",
    "gospodarstva",
    "gospodarski",
    "gospodarskega",
    "podjetje",
    "podjetja",
    "podjetij",
    "storitve",
    "storitev",
    "kakovost",
    "kakovosti",
    "življenja",
    "življenje",
    "dostopnost",
    "dostopnosti",
    "promet",
    "prometa",
    "javni",
    "javnega",
    "javnih",
    "zdravje",
    "zdravja",
    "šola",
    "šole",
    "izobraževanje",
    "izobraževanja",
    "kultura",
    "kulture",
    "kulturni",
    "šport",
    "športa",
    "turizem",
    "turizma",
    "turističnih",
    "obisk",
    "obiskovalci",
    "sodelovanje",
    "sodelovanja",
    "regija",
    "regije",
    "regionalni",
    "evropski",
    "evropskih",
    "sredstva",
    "sredstev",
    "financiranje",
    "projekt",
    "projekti",
    "projektov",
    "leto",
    "leta",
    "letih",
    "letu",
    "obdobje",
    "obdobja",
    "obdobju",
    "vizija",
    "vizije",
    "prednostna",
    "področja",
    "področje",
    "področju",
    "izvajanje",
    "izvajanja",
    "spremljanje",
    "kazalnik",
    "kazalniki",
]
TERM_FORMS = [
    "premogovnika",
    "premogovniku",
    "rudarske",
    "rudarjev",
    "rudarska",
    "industrijske",
    "industrijskega",
    "industrije",
    "tovarne",
    "socialističnega",
    "socializma",
    "Titov",
    "Jugoslavije",
    "dediščine",
    "dediščino",
    "tradicije",
    "muzeja",
    "zelenega",
    "zelena",
    "trajnostnega",
    "trajnostni",
    "pametnega",
    "pametno",
    "inovativno",
    "inovativnega",
    "inovacij",
    "mladih",
    "mlade",
    "mladino",
    "digitalne",
    "ustvarjalnih",
    "podjetniškega",
]
SUFFIXES = ("a", "e", "i", "o", "u", "em", "ih", "ov", "ega", "emu", "ima", "ami", "ski", "ska", "nost")


def corpus(mb: float, docs: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    syll = ["ka", "ve", "lo", "pre", "mi", "sto", "ra", "ne", "do", "bri", "go", "za", "tr", "ple", "šu", "čo", "ži"]
    generated = [
        "".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) + rng.choice(SUFFIXES) for _ in range(60_000)
    ]
    target = int(mb * 1024 * 1024 / docs)
    out = []
    for _ in range(docs):
        parts: list[str] = []
        size = 0
        while size < target:
            n = rng.randint(8, 22)
            words = []
            for _ in range(n):
                r = rng.random()
                words.append(
                    rng.choice(TERM_FORMS) if r < 0.004 else rng.choice(generated) if r < 0.35 else rng.choice(COMMON)
                )
            sentence = " ".join(words).capitalize() + rng.choice((". ", ". ", ". ", "! ", "? ", ".\n\n"))
            parts.append(sentence)
            size += len(sentence.encode("utf-8"))
        out.append("".join(parts))
    return out


def naive_patterns(terms):
    """One regex per term: every word a stem (trailing ``*`` dropped) followed by ``\\w*``."""
    pats = []
    for t in terms:
        words = [w.rstrip("*") for w in t.text.lower().split()]
        stems = [re.escape(w[:-1] if len(w) > 4 and not t.text.endswith("*") else w) for w in words]
        pats.append(
            (t.category, re.compile(r"(?<!\w)" + r"\W+".join(s + r"\w*" for s in stems) + r"(?!\w)", re.IGNORECASE))
        )
    return pats


def run_naive(documents: list[str], terms) -> tuple[float, int]:
    start = time.perf_counter()
    pats = naive_patterns(terms)
    mentions = 0
    for text in documents:
        len(WORD.findall(text))
        for _, pat in pats:
            mentions += sum(1 for _ in pat.finditer(text))
    return time.perf_counter() - start, mentions


def run_townpaths(documents: list[str], terms) -> tuple[float, int]:
    start = time.perf_counter()
    scanner = Scanner(terms)
    mentions = 0
    for text in documents:
        words, hits = scanner.scan(text, "sl")
        summary = summarise(text, words, hits, scanner.categories, scanner.group_of)
        mentions += sum(s["mentions"] for s in summary.values())
    return time.perf_counter() - start, mentions


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0)
    ap.add_argument("--docs", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    documents = corpus(args.mb, args.docs, args.seed)
    size = sum(len(d.encode("utf-8")) for d in documents)
    terms = default_terms()
    print(
        f"corpus: {size / 1024 / 1024:.1f} MB in {len(documents)} documents "
        f"(generated in {time.perf_counter() - t0:.1f} s); lexicon: {len(terms)} terms"
    )
    print(
        f"machine: {platform.machine()}, {platform.processor() or platform.platform()}, Python {sys.version.split()[0]}"
    )
    ours, ours_mentions = run_townpaths(documents, terms)
    naive, naive_mentions = run_naive(documents, terms)
    mb = size / 1024 / 1024
    print(
        f"townpaths scanner (lemmas, one pass + trigger regex): {ours:7.2f} s  {mb / ours:8.1f} MB/s  "
        f"{ours_mentions} mentions"
    )
    print(
        f"naive one-regex-per-term scan ({len(terms)} regexes):     {naive:7.2f} s  {mb / naive:8.1f} MB/s  "
        f"{naive_mentions} mentions"
    )
    print(f"ratio: townpaths is {naive / ours:.1f}x faster")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
