"""The bad requests of tests/fuzz/test_web.py: a fixed list generated from the app's router.

For every route and method: the path with each parameter in turn replaced by a hostile value (not
a number, beyond 64 bits, negative, zero, an unknown slug or code, a NUL character, over-long, a
digit that is no ASCII digit, bytes that are no UTF-8...), hostile query strings (each of the
route's own query parameters with every bad value, and three queries giving the names the pages
read themselves every bad value), a method the route does not take, and, for the methods that send
a body, hostile bodies: wrong content types, malformed JSON, JSON of the wrong shape (a list for an
object, nesting 100,000 deep within the body limit), huge numbers, ``NaN`` and ``Infinity``
literals, NULs and lone surrogates, every field of the wrong type, missing, duplicated and
over-long form fields, a bad CSRF token and another site's Origin. The valid parts of a request
(the other path parameters, the CSRF token) are a real town's, so the handler behind the access
layer is reached.

To keep the run short where requests would take the same way: the town's slug, which the access
layer resolves the same way before every route, gets every bad value on the first route of each
method and a few on the others (:data:`SHARED_PARAMS`); a sender a route turns away gets one body
of each kind there (:func:`before_refusal`)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from starlette.routing import BaseRoute, Mount

#: Path parameter values that are no record of anybody's.
BAD_PATH = (
    "abc",
    "-1",
    "0",
    "99999999",
    str(2**63),  # one beyond the largest 64-bit integer
    "9" * 400,
    "1e999",
    "²",  # str.isdigit() says yes, int() says no
    "١٢",  # Arabic-Indic digits: int() reads them
    " 1",
    "a\x00b",
    "x" * 5000,
    "ü" * 300,
    "<script>",
    "..%2F..%2Fetc%2Fpasswd",
    "%ff%fe",
    "%ed%a0%80",  # the UTF-8 bytes of a lone surrogate
    "%c0%80",  # an over-long NUL
)

#: Path parameters the access layer resolves before any route runs (the town of ``{slug}``), the
#: same way for every route: the first route of each method gets all of :data:`BAD_PATH`, the
#: others :data:`SHARED_BAD_PATH`.
SHARED_PARAMS = frozenset({"slug"})
SHARED_BAD_PATH = ("abc", str(2**63), "a\x00b", "x" * 5000, "%ff%fe", "%ed%a0%80")

#: Query parameters the pages read without declaring them (filters, paging, language).
QUERY_NAMES = (
    "page",
    "lang",
    "q",
    "coder",
    "a",
    "b",
    "by",
    "key",
    "code",
    "me",
    "next",
    "token",
    "table",
    "person",
    "at",
    "theme",
    "narrative",
    "source",
    "tangible",
    "visible",
    "type",
    "sort",
    "order",
    "limit",
    "offset",
)
BAD_QUERY_VALUES = ("abc", "-1", "0", str(2**64), "1e999", "NaN", "Infinity", "²", "a\x00b", "x" * 8000, "")

#: Fields the forms and the JSON API take (a bad value of each is sent).
FORM_FIELDS = (
    "email",
    "password",
    "again",
    "next",
    "token",
    "role",
    "part",
    "interviewee",
    "consent_on",
    "consent_scope",
    "consent_withdrawn_on",
    "name",
    "name_sl",
    "description",
    "social_need",
    "initiator",
    "heritage_value",
    "year",
    "end_year",
    "type",
    "stage",
    "contact",
    "website",
    "action",
    "target",
    "theme",
    "narrative",
    "tangible",
    "visible",
    "latitude",
    "longitude",
    "preservation",
    "attitude",
    "repetition",
    "period",
    "title",
    "rounds",
    "method",
    "problems",
    "round_no",
    "participant",
    "group",
    "show",
    "code",
    "nickname",
    "sector",
)
BAD_FORM_VALUES = (
    "abc",
    "-1",
    "0",
    str(2**64),
    "1e999",
    "NaN",
    "-Infinity",
    "²",
    "a\x00b",
    "x" * 201,  # beyond the 200 characters of the longest named columns
    "x" * 20_000,
    "",
    " ",
)

#: The fields of each JSON route (every route that takes JSON is here: a bad value of each is sent).
JSON_FIELDS: Mapping[str, tuple[str, ...]] = {
    "qda_segment_add": ("interview_id", "code_id", "start", "end", "memo"),
    "qda_segment_change": ("code_id", "start", "end", "memo"),
    "workshop_api_join": ("nickname", "sector"),
    "workshop_api_ballot": ("ranking", "client_token"),
    "workshop_api_sheet": ("core", "card"),
    "workshop_api_idea": ("text",),
}
BAD_JSON_VALUES: tuple[Any, ...] = (
    None,
    True,
    "x",
    "",
    -1,
    0,
    1.5,
    1e308,
    2**63 - 1,
    -(2**63),
    [],
    [1, "a", None],
    {},
    {"a": [1]},
    "x" * 300_000,
    "ü\u2028\U0001f600",
    "a\x00b",
    "\ud800",
    "c" * 201,
)

#: Raw JSON bodies (the text itself is hostile).
RAW_JSON = (
    b"",
    b"{",
    b'{"a":',
    b"not json",
    b"[]",
    b"[1, 2, 3]",
    b'"text"',
    b"null",
    b"NaN",
    b"Infinity",
    b"-Infinity",
    b"1e999",
    b'{"start": NaN, "end": Infinity, "interview_id": -Infinity, "code_id": 1e999}',
    b'{"ranking": [NaN, Infinity], "client_token": "t-0001"}',
    b"9" * 5000,
    b'{"start": ' + b"9" * 5000 + b"}",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    b'{"nickname": "a", "nickname": "b"}',
    b"\xff\xfe{\x00}\x00",
    b'{"memo": "\\ud800"}',
    b'{"text": "\\u0000"}',
    '{"nickname": "Ana"}'.encode("utf-16"),
)


@dataclass(frozen=True)
class BadRequest:
    """One request: ``persona`` ``owner`` or ``anonymous``; ``csrf`` whether to add the persona's
    token to a form; ``why`` names the hostile part (shown when the answer is wrong)."""

    route: str
    method: str
    path: str
    why: str
    query: str = ""
    body: bytes | None = None
    content_type: str | None = None
    csrf: bool = True
    headers: Mapping[str, str | bytes] = field(default_factory=dict)


def _form(pairs: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in pairs).encode()


FORM = "application/x-www-form-urlencoded"


def form_bodies() -> Iterator[tuple[str, bytes | None, str | None, bool]]:
    """(why, body, content type, add the CSRF token?) of every hostile form, and a few JSON bodies."""
    yield "no body", None, None, True
    yield "an empty form", b"", FORM, True
    yield "bad csrf", _form([("csrf", "x" * 64)]), FORM, False
    yield "a csrf field of other letters", _form([("csrf", "ü" * 64)]), FORM, False
    yield "a csrf field twice", _form([("csrf", "x" * 64), ("csrf", "y")]), FORM, False
    yield "no csrf", _form([("name", "x")]), FORM, False
    for value in BAD_FORM_VALUES:
        yield f"every form field {value[:12]!r}", _form([(name, value) for name in FORM_FIELDS]), FORM, True
    yield "every form field twice", _form([(name, value) for name in FORM_FIELDS for value in ("1", "two")]), FORM, True
    yield "a form of undecodable bytes", b"name=%ff%fe&title=\xff\xfe&code=%c0%80", FORM, True
    yield "a form of 5000 fields", _form([(f"f{n}", "v") for n in range(5000)]), FORM, True
    yield "multipart without a boundary", b"--x\r\n\r\n", "multipart/form-data", True
    multipart = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="../../x.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n\xff\xfe\x00\x01\r\n--b--\r\n"
    )
    yield "multipart with a file", multipart, "multipart/form-data; boundary=b", True
    yield "broken multipart", b"--b\r\nContent-Disposition: form-data\r\n", "multipart/form-data; boundary=b", True
    yield "xml", b"<?xml version='1.0'?><a/>", "application/xml", True
    yield "a content type of nonsense", b"x", "nonsense/;;;", True
    for raw in (b"{", b"[]", b"NaN", b"[" * 100_000 + b"]" * 100_000):
        yield f"raw json {raw[:12]!r}", raw, "application/json", True


def json_bodies(fields: tuple[str, ...]) -> Iterator[tuple[str, bytes | None, str | None, bool]]:
    """The hostile bodies of a JSON route taking ``fields``."""
    yield "no body", None, None, True
    for n, raw in enumerate(RAW_JSON):
        yield f"raw json #{n} {raw[:20]!r}", raw, "application/json", True
    for name in fields:
        for value in BAD_JSON_VALUES:
            yield f"json {name}={json.dumps(value)[:20]}", json.dumps({name: value}).encode(), "application/json", True
    yield "json every field long", json.dumps(dict.fromkeys(fields, "x" * 70_000)).encode(), "application/json", True
    yield "json as text/plain", json.dumps(dict.fromkeys(fields, 1)).encode(), "text/plain", True
    yield "json as a form", _form([(name, "1") for name in fields]), FORM, True
    latin = "application/json; charset=latin-1"
    yield "json with a charset", json.dumps(dict.fromkeys(fields, 1)).encode(), latin, True


def undeclared_queries(declared: list[str]) -> Iterator[tuple[str, str]]:
    """(why, query) of three requests with the parameters a route does not declare: name ``n`` has
    bad value ``n + k`` in request ``k``, so every bad value is in every request and each name gets
    three of them; at most 300 characters each, so the request line stays within 16 KB."""
    names = [q for q in QUERY_NAMES if q not in declared]
    for k in range(3):
        pairs = [(q, BAD_QUERY_VALUES[(n + k) % len(BAD_QUERY_VALUES)][:300]) for n, q in enumerate(names)]
        yield f"every query, values turned by {k}", _form(pairs).decode()


def route_methods(route: BaseRoute) -> list[str]:
    methods = sorted(getattr(route, "methods", None) or {"GET"})
    return [m for m in methods if m != "HEAD"] or ["GET"]


def declared_queries(route: BaseRoute) -> list[str]:
    return [p.alias for p in getattr(getattr(route, "dependant", None), "query_params", [])]


def fill(path: str, values: Mapping[str, str]) -> str:
    for name, value in values.items():
        path = path.replace("{" + name + "}", value).replace("{" + name + ":path}", value)
    return path


def _quoted(value: str) -> str:
    return value if "%" in value else quote(value, safe="")


def _path_params(path: str) -> list[str]:
    return [part.split("}")[0].split(":")[0] for part in path.split("{")[1:]]


def requests_of(routes: list[BaseRoute], valid: Mapping[str, Mapping[str, str]]) -> list[BadRequest]:
    """The bad requests of every route. ``valid``: route name -> path parameter -> a value that
    names a real record (``"*"`` holds the defaults)."""
    out: list[BadRequest] = []
    shared_seen: set[tuple[str, str]] = set()
    for route in routes:
        name = str(getattr(route, "name", ""))
        if isinstance(route, Mount):
            out.extend(BadRequest(name, "GET", f"{route.path}/{_quoted(v)}", f"file {v[:20]!r}") for v in BAD_PATH)
            continue
        path: str = getattr(route, "path", "")
        params = _path_params(path)
        good = {p: valid.get(name, {}).get(p, valid["*"].get(p, "1")) for p in params}
        base = fill(path, good)
        for method in route_methods(route):
            for p in params:
                values = BAD_PATH
                if p in SHARED_PARAMS:  # the full list on the first route of each method
                    values = BAD_PATH if (p, method) not in shared_seen else SHARED_BAD_PATH
                    shared_seen.add((p, method))
                for value in values:
                    out.append(BadRequest(name, method, fill(path, {**good, p: _quoted(value)}), f"{p}={value[:20]!r}"))
            if method == "GET":
                out.extend(_queries(name, base, declared_queries(route)))
            else:
                out.extend(_bodies(name, method, base))
        other = "PUT" if "PUT" not in route_methods(route) else "TRACE"
        out.append(BadRequest(name, other, base, f"method {other}"))
    return out


def _queries(name: str, path: str, declared: list[str]) -> Iterator[BadRequest]:
    for value in BAD_QUERY_VALUES:
        for q in declared:
            yield BadRequest(name, "GET", path, f"?{q}={value[:12]!r}", query=_form([(q, value)]).decode())
    for why, query in undeclared_queries(declared):
        yield BadRequest(name, "GET", path, why, query=query)
    twice = _form([(q, "1") for q in [*declared, *QUERY_NAMES]] * 2).decode()
    yield BadRequest(name, "GET", path, "every query twice", query=twice)


def _bodies(name: str, method: str, path: str) -> Iterator[BadRequest]:
    made = json_bodies(JSON_FIELDS[name]) if name in JSON_FIELDS else form_bodies()
    for why, body, kind, csrf in made:
        yield BadRequest(name, method, path, why, body=body, content_type=kind, csrf=csrf)
    yield BadRequest(name, method, path, "from another site", headers={"origin": "https://evil.example"})
    yield BadRequest(name, method, path, "origin null", headers={"origin": "null"})
    latin = {"x-csrf-token": "é".encode("latin-1") * 64}
    yield BadRequest(name, method, path, "a csrf header of other letters", csrf=False, headers=latin)


#: The bodies sent to a route that refuses the sender before it reads the body (an anonymous
#: visitor on a route for signed-in people): the security layer reads every body before the access
#: layer refuses, so one of each kind is sent; the other bodies would take the same way.
BODIES_BEFORE_REFUSAL = (
    "no body",
    "bad csrf",
    "a csrf header of other letters",
    "from another site",
    "every form field twice",
    "a form of undecodable bytes",
    "multipart with a file",
    "raw json b'[[[[",
    "raw json #0 ",
    "raw json #16 ",
    "raw json #18 ",
    "raw json #20 ",
    "raw json #21 ",
    "json every field long",
)


def before_refusal(requests: list[BadRequest], refused: set[str]) -> list[BadRequest]:
    """``requests`` for a sender the routes ``refused`` turn away: on those, the hostile paths,
    queries and methods, and the bodies of :data:`BODIES_BEFORE_REFUSAL`."""
    return [
        bad
        for bad in requests
        if bad.route not in refused or bad.body is None or bad.why.startswith(BODIES_BEFORE_REFUSAL)
    ]
