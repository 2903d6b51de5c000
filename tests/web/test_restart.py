"""A restart in the middle of a round is invisible: ``townpaths serve`` (a real subprocess, started
without any ``TOWNPATHS_*`` variable, so without a secret key in the environment) is stopped and
started again; the phone's next submission and the facilitator's next action succeed with the
token, cookies and form they had before. On SQLite and PostgreSQL."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.support.serve import Serve
from townpaths.cases.towns import load_velenje
from townpaths.storage import Database
from townpaths.storage.site import SECRET_KEY, setting
from townpaths.studies.workshop import service
from townpaths.studies.workshop.service import states


def _csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([0-9a-f]{64})"', html).group(1)


@pytest.mark.slow
def test_phones_and_facilitator_carry_on_after_a_restart(db_url: str) -> None:
    db = Database(db_url)
    load_velenje(db)
    created = service.create_workshop(db, "velenje", rounds="individual,plenary")
    wid, code = created.workshop_id, created.room_code
    assert setting(db, SECRET_KEY) is None
    server = Serve(db_url).start()
    try:
        with (
            httpx.Client(base_url=server.url, follow_redirects=True) as facilitator,
            httpx.Client(base_url=server.url, follow_redirects=True) as phone,
        ):
            # a facilitator without an account: the guest link, signed with the key the server stored
            key = created.facilitator_key(setting(db, SECRET_KEY) or "")
            assert facilitator.get(f"/workshops/{wid}/admin", params={"key": key}).status_code == 200
            console = facilitator.get(f"/workshops/{wid}/console").text
            form = {"csrf": _csrf(console)}
            assert facilitator.post(f"/workshops/{wid}/rounds/1/open", data=form).status_code == 200
            join_page = phone.get("/join", params={"code": code}).text
            joined = phone.post("/join", data={"csrf": _csrf(join_page), "code": code, "nickname": "Ana"})
            assert joined.status_code == 200 and str(joined.url).endswith(f"/room/{code}")
            token = re.search(r'data-token="([^"]+)"', joined.text).group(1)
            ranking = list(range(1, 11))
            first = phone.post(
                f"/api/workshops/{wid}/ballot",
                json={"ranking": ranking, "client_token": "draft-one-0001"},
                headers={"X-Participant-Token": token},
            )
            assert first.json()["status"] == "new"
            stored_key = setting(db, SECRET_KEY)
            assert stored_key is not None  # created once, at the first start

            server.stop()
            server.start()  # the same database, still no key in the environment

            assert setting(db, SECRET_KEY) == stored_key
            changed = phone.post(
                f"/api/workshops/{wid}/ballot",
                json={"ranking": ranking[::-1], "client_token": "draft-two-0002"},
                headers={"X-Participant-Token": token},
            )
            assert changed.status_code == 200 and changed.json()["count"] == 1
            assert phone.get(f"/room/{code}").status_code == 200  # the phone's cookie still opens its room
            state = phone.get(f"/api/workshops/{wid}/state", headers={"X-Participant-Token": token}).json()
            assert state["live"]["count"] == 1
            # the facilitator's console cookie and the form loaded before the restart still work
            closed = facilitator.post(f"/workshops/{wid}/rounds/1/close", data=form, follow_redirects=False)
            assert closed.status_code == 303
            assert facilitator.get(f"/workshops/{wid}/console").status_code == 200
        after = states.public_state(db, wid)
        assert [r["status"] for r in after["rounds"]] == ["closed", "pending"]
        assert after["live"] is None or after["live"]["count"] == 1
    finally:
        server.stop()
        db.dispose()
