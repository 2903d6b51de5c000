// What the facilitator's console shows of the live state.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as C from "../../../src/townpaths/web/static/workshop/console-view.js";

const T = { fields: "fields filled", "pair %(n)s": "par %(n)s", "worksheet group %(n)s": "delovna skupina %(n)s",
            sectors: { economy: "gospodarstvo" } };
const FAC = {
  open_round: 2, open_kind: "pair",
  participants: [
    { id: 1, nickname: "Ana", sector: "economy", group: "pair 1", connected: true, submitted: true },
    { id: 2, nickname: null, sector: null, group: null, connected: false, submitted: false },
  ],
  groups: [{ label: "pair 1", members: 2, submitted: true, item: null, fields: null },
           { label: "corner table", members: 1, submitted: false, item: null, fields: null }],
  rounds: [{ no: 1, kind: "individual", ballots: 7 }, { no: 2, kind: "pair", ballots: 1 }, { no: 3, kind: "worksheet", ballots: 0 }],
};

test("one row per participant: connected or not, the group in the page's language, handed in", () => {
  assert.deepEqual(C.peopleRows(FAC, T), [
    { id: 1, nickname: "Ana", sector: "gospodarstvo", connected: true, dot: "●", label: "pair 1", group: "par 1", handed: "✓" },
    { id: 2, nickname: "", sector: "", connected: false, dot: "○", label: "", group: "", handed: "" },
  ]);
});

test("one row per group: a ranking handed in, or a worksheet's fields filled", () => {
  assert.deepEqual(C.groupRows(FAC, T), [
    { label: "pair 1", name: "par 1", members: 2, handed: "✓" },
    { label: "corner table", name: "corner table", members: 1, handed: "" },
  ]);
  const sheets = { ...FAC, groups: [{ label: "worksheet 1", members: 3, submitted: false, item: 4, fields: 5 }] };
  assert.deepEqual(C.groupRows(sheets, T), [{ label: "worksheet 1", name: "delovna skupina 1", members: 3, handed: "5 fields filled" }]);
});

test("people can be moved in an open pair, group or worksheet round only", () => {
  assert.equal(C.movable(FAC), true);
  assert.equal(C.movable({ ...FAC, open_kind: "plenary" }), false);
  assert.equal(C.movable({ ...FAC, open_round: null }), false);
  assert.equal(C.movable({ ...FAC, groups: [] }), false);
});

test("ballots of each round (none shown for a worksheet round)", () => {
  assert.deepEqual(C.roundBallots(FAC), { 1: "7", 2: "1", 3: "" });
});
