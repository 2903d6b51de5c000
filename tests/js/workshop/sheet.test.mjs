// The phone's worksheet draft: edits by version, kept on the phone, conflicts with group mates merged.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as W from "../../../src/townpaths/web/static/workshop/sheet.js";

const SHEET = { core: { core: "two companies" }, card: { title: "Fish farm", actors: { economy: "the mine" } } };

test("storage key, an empty draft, and what cannot be restored", () => {
  assert.equal(W.storageKey(7, 42, 4), "tpws:sheet:7:42:4");
  assert.deepEqual(W.emptyDraft(4), { round: 4, edits: {}, conflicts: {}, pending: false });
  assert.deepEqual(W.restore(null, 4), W.emptyDraft(4));
  assert.deepEqual(W.restore("{not json", 4), W.emptyDraft(4));
  assert.deepEqual(W.restore(W.serialise(W.emptyDraft(3)), 4), W.emptyDraft(4));  // another round
  // a malformed edit is dropped, a good one kept
  const text = JSON.stringify({ round: 4, edits: { "card.title": { value: "x", base: 1 }, "card.jobs": { value: 3 } },
                                conflicts: {}, pending: true });
  assert.deepEqual(W.restore(text, 4), { round: 4, edits: { "card.title": { value: "x", base: 1 } }, conflicts: {}, pending: true });
});

test("the server's value of a field by its path", () => {
  assert.equal(W.serverValue(SHEET, "core.core"), "two companies");
  assert.equal(W.serverValue(SHEET, "core.causes"), "");
  assert.equal(W.serverValue(SHEET, "card.title"), "Fish farm");
  assert.equal(W.serverValue(SHEET, "actors.economy"), "the mine");
  assert.equal(W.serverValue(SHEET, "actors.municipality"), "");
  assert.equal(W.serverValue(null, "card.title"), "");
});

test("typing keeps the version the edit began from; typing back the saved text drops the edit", () => {
  let d = W.emptyDraft(4);
  d = W.noteEdit(d, "card.title", "Fish far", { "card.title": 2 }, SHEET);
  assert.deepEqual(d.edits, { "card.title": { value: "Fish far", base: 2 } });
  // a group mate saved meanwhile (version 3): the edit still began from 2
  d = W.noteEdit(d, "card.title", "Fish farms", { "card.title": 3 }, SHEET);
  assert.deepEqual(d.edits, { "card.title": { value: "Fish farms", base: 2 } });
  assert.deepEqual(W.toSend(d), { fields: { "card.title": { value: "Fish farms", base: 2 } } });
  assert.equal(W.hasEdits(d), true);
  const back = W.noteEdit(W.emptyDraft(4), "card.title", "Fish farm", { "card.title": 2 }, SHEET);
  assert.deepEqual(W.noteEdit(W.noteEdit(W.emptyDraft(4), "card.title", "F", { "card.title": 2 }, SHEET),
                              "card.title", "Fish farm", { "card.title": 2 }, SHEET).edits, {});
  assert.equal(W.hasEdits(back), false);
  assert.equal(W.noteEdit(W.emptyDraft(4), "core.causes", "coal", {}, SHEET).edits["core.causes"].base, 0);
});

test("a save without network is kept, to be sent again; the draft survives a reload", () => {
  const d = W.unsent(W.noteEdit(W.emptyDraft(4), "card.jobs", "40", {}, SHEET));
  assert.equal(d.pending, true);
  assert.deepEqual(W.restore(W.serialise(d), 4), d);
});

test("the server's answer: saved fields leave the draft, conflicts are kept beside it", () => {
  let d = W.emptyDraft(4);
  d = W.noteEdit(d, "card.title", "Fish farm co-op", { "card.title": 1 }, SHEET);
  d = W.noteEdit(d, "card.jobs", "40", {}, SHEET);
  const sent = W.toSend(d);
  const answer = {
    saved: ["card.jobs"],
    versions: { "card.jobs": 1, "card.title": 2 },
    conflicts: [{ field: "card.title", mine: "Fish farm co-op", theirs: "Trout farm", version: 2, by: 9, by_name: "Bor" }],
  };
  const after = W.afterSave(d, sent, answer);
  assert.deepEqual(after, {
    round: 4,
    edits: { "card.title": { value: "Fish farm co-op", base: 1 } },
    conflicts: { "card.title": { mine: "Fish farm co-op", theirs: "Trout farm", version: 2, by: 9, byName: "Bor" } },
    pending: false,
  });
  // typed on while the save was under way: the newer text stays, from the version just saved
  const typing = W.noteEdit(d, "card.jobs", "45", {}, SHEET);
  assert.deepEqual(W.afterSave(typing, sent, { saved: ["card.jobs"], versions: { "card.jobs": 1 } }).edits["card.jobs"],
                   { value: "45", base: 1 });
});

test("settling a conflict: keep mine (over theirs), keep theirs, or both in the field", () => {
  const d = { round: 4, edits: { "card.title": { value: "Fish farm co-op", base: 1 } }, pending: false,
              conflicts: { "card.title": { mine: "Fish farm co-op", theirs: "Trout farm", version: 2, by: 9, byName: "Bor" } } };
  const mine = W.resolve(d, "card.title", "mine");
  assert.deepEqual([mine.value, mine.draft.edits, mine.draft.conflicts],
                   ["Fish farm co-op", { "card.title": { value: "Fish farm co-op", base: 2 } }, {}]);
  const theirs = W.resolve(d, "card.title", "theirs");
  assert.deepEqual([theirs.value, theirs.draft.edits, theirs.draft.conflicts], ["Trout farm", {}, {}]);
  const both = W.resolve(d, "card.title", "both");
  assert.deepEqual([both.value, both.draft.edits["card.title"]],
                   ["Trout farm\nFish farm co-op", { value: "Trout farm\nFish farm co-op", base: 2 }]);
  assert.deepEqual(W.resolve(d, "card.jobs", "mine"), { draft: d, value: null });
  assert.equal(W.shownValue(d, SHEET, "card.title"), "Fish farm co-op");
  assert.equal(W.shownValue(d, SHEET, "actors.economy"), "the mine");
});

test("dots: how many are left, and whether another may go on an idea", () => {
  const T = { dots_left: "Dots left: %(left)s of %(limit)s" };
  assert.equal(W.dotsLine({ used: 1, limit: 3 }, T), "Dots left: 2 of 3");
  assert.equal(W.dotsLine({ used: 3, limit: 3 }, T), "Dots left: 0 of 3");
  assert.equal(W.dotsLine(null, T), "");
  assert.equal(W.mayDot({ used: 3, limit: 3 }, { mine: false }), false);
  assert.equal(W.mayDot({ used: 3, limit: 3 }, { mine: true }), true);  // a dot can always be taken back
  assert.equal(W.mayDot({ used: 2, limit: 3 }, { mine: false }), true);
});
