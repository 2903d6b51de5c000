"""The memory a real server holds while it serves the largest transcript: ``townpaths serve`` in its
own process, a transcript of 2,000,000 characters (the most an import accepts) with 2,000 coded
segments, every page of it, the tables and the search; the server's peak resident memory (VmHWM
of /proc/<pid>/status) stays under the bound docs/limits.md states."""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.support.people import OWNER, person, session_cookie
from tests.support.serve import Serve, clean_env
from townpaths.cases.towns import load_velenje
from townpaths.present.paging import PAGE_CHARS
from townpaths.storage import Database
from townpaths.storage.models import CodedSegment, Interview
from townpaths.studies.qda import service
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.segments import stored_texts
from townpaths.studies.qda.core.text import MAX_TRANSCRIPT_CHARS
from townpaths.web.access import ACCOUNT_COOKIE

SECRET = "memory-test"
#: The bound docs/limits.md states for the server's resident memory (MiB).
BOUND_MIB = 200
#: What serving the largest transcript may add to the memory of a server that has served its first page (MiB).
GROWTH_MIB = 64


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (the peak) of a process, in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return {k: int(v) for k, v in re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, re.M)}


def _largest_transcript(db: Database) -> tuple[int, str]:
    """A transcript of :data:`MAX_TRANSCRIPT_CHARS` characters with 2,000 segments of 500 each."""
    line = "Tu je bil rudnik, pa premog, pa ljudje, ki so ga kopali vsak dan, tudi ob nedeljah.\n"
    text = (line * (MAX_TRANSCRIPT_CHARS // len(line) + 1))[:MAX_TRANSCRIPT_CHARS]
    interview = service.add_interview(db, "velenje", "largest.txt", text.encode(), sector="economy")["id"]
    with db.transaction() as s:
        town_id = s.get_one(Interview, interview).town_id
        for n in range(2000):
            guid = guids.new()
            start, end = n * 997, n * 997 + 500
            s.add(
                CodedSegment(
                    town_id=town_id,
                    interview_id=interview,
                    code_id=3,
                    start=start,
                    end=end,
                    coder="Coder A",
                    guid=guid,
                    selection_guid=guids.derive("selection", guid),
                    created_at=dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
                    **stored_texts(text, start, end),
                )
            )
    return interview, text


@pytest.mark.slow
def test_the_largest_transcript_is_served_within_the_memory_bound(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.sqlite3")
    load_velenje(db)
    owner = person(db, *OWNER, {"velenje": "owner"})
    interview, text = _largest_transcript(db)
    db.dispose()
    server = Serve(tmp_path / "m.sqlite3", env=clean_env(TOWNPATHS_SECRET_KEY=SECRET)).start()
    assert server.proc is not None
    pid = server.proc.pid
    cookies = {ACCOUNT_COOKIE: session_cookie(SECRET, owner)}
    try:
        with httpx.Client(base_url=server.url, cookies=cookies, timeout=120) as client:
            first = client.get(f"/towns/velenje/qda/interviews/{interview}")
            assert first.status_code == 200 and "Page 1 of " in first.text
            started = memory_kib(pid)
            pages = int(re.search(r"Page 1 of (\d+)", first.text).group(1))
            assert pages >= MAX_TRANSCRIPT_CHARS // PAGE_CHARS
            biggest, shown = 0, []
            for n in range(1, pages + 1):
                page = client.get(f"/towns/velenje/qda/interviews/{interview}?page={n}")
                assert page.status_code == 200
                biggest = max(biggest, len(page.content))
                shown.append(re.search(r"characters (\d+) to (\d+) of", page.text).groups())
            assert shown[0][0] == "1" and shown[-1][1] == str(len(text))
            for path in (
                "/towns/velenje/tables/interviews",
                "/towns/velenje/tables/coded_segments",
                "/towns/velenje/qda?q=rudnik",
                "/towns/velenje",
                f"/towns/velenje/qda/interviews/{interview}?at=1999999",
            ):
                assert client.get(path).status_code == 200, path
            time.sleep(0.5)
            after = memory_kib(pid)
    finally:
        server.stop()
    peak, growth = after["VmHWM"] / 1024, (after["VmHWM"] - started["VmRSS"]) / 1024
    print(f"pages {pages}, largest page {biggest} bytes, peak {peak:.0f} MiB, growth {growth:.0f} MiB")
    assert biggest < 400_000  # a page of 20,000 characters and its segments, not the transcript
    assert peak < BOUND_MIB, f"the server held {peak:.0f} MiB at its peak (bound {BOUND_MIB} MiB)"
    assert growth < GROWTH_MIB, f"serving the transcript added {growth:.0f} MiB (bound {GROWTH_MIB} MiB)"
