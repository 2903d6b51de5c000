// The phone's ballot draft: moves, tokens, localStorage round trip, submission, group ballots.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as D from "../../../src/townpaths/web/static/workshop/draft.js";

const IDS = [1, 2, 3, 4, 5];
const fresh = () => D.newDraft(2, IDS, "t0");

test("a new draft ranks the problems in the given order, untouched", () => {
  const ids = [3, 1, 2];
  const d = D.newDraft(1, ids, "abc");
  assert.deepEqual(d, { round: 1, order: [3, 1, 2], token: "abc", state: "new", adopted: false, error: null });
  ids.push(9);
  assert.deepEqual(d.order, [3, 1, 2]);  // a copy
});

test("storage key and hex token", () => {
  assert.equal(D.storageKey(7, 42, 3), "tpws:7:42:3");
  assert.equal(D.hexToken(new Uint8Array([0, 1, 15, 16, 171, 255])), "00010f10abff");
  assert.equal(D.hexToken([]), "");
});

test("a sequence of moves: up, down, to a position; each real move gets its token", () => {
  const start = fresh();
  let d = D.moveUp(start, 4, "t1");                // 5 one place up
  assert.deepEqual(d.order, [1, 2, 3, 5, 4]);
  assert.deepEqual(start.order, [1, 2, 3, 4, 5]);   // the old draft is unchanged
  d = D.moveDown(d, 0, "t2");                       // 1 one place down
  assert.deepEqual(d.order, [2, 1, 3, 5, 4]);
  d = D.moveTo(d, 3, 0, "t3");                      // 5 to the top
  assert.deepEqual(d.order, [5, 2, 1, 3, 4]);
  d = D.moveTo(d, 1, 4, "t4");                      // 2 to the bottom
  assert.deepEqual(d, { round: 2, order: [5, 1, 3, 4, 2], token: "t4", state: "dirty", adopted: false, error: null });
});

test("moves outside the list or onto the same place change nothing", () => {
  const d = fresh();
  assert.equal(D.moveUp(d, 0, "x"), d);
  assert.equal(D.moveDown(d, 4, "x"), d);
  assert.equal(D.moveTo(d, 2, 2, "x"), d);
  assert.equal(D.moveTo(d, 5, 0, "x"), d);
  assert.equal(D.moveTo(d, -1, 0, "x"), d);
});

test("a move clears an adopted ballot and an error", () => {
  const d = { round: 2, order: [1, 2, 3], token: "g", state: "sent", adopted: true, error: "closed" };
  assert.deepEqual(D.moveUp(d, 1, "n"), { round: 2, order: [2, 1, 3], token: "n", state: "dirty", adopted: false, error: null });
});

test("dragging: the landing index counts the other items whose middle is above the pointer", () => {
  const middles = [20, 60, 100, 140];   // four items 40 px high
  assert.equal(D.dropIndex(0, middles, 130), 2);   // the first item dropped on the lower half of the third
  assert.equal(D.dropIndex(0, middles, 5), 0);
  assert.equal(D.dropIndex(3, middles, 50), 1);
  assert.equal(D.dropIndex(3, middles, 500), 3);
  assert.equal(D.dropMark(0, 2), 3);   // lands before the fourth item
  assert.equal(D.dropMark(3, 1), 1);
  assert.equal(D.dropMark(2, 2), -1);
  const dragged = D.moveTo(D.newDraft(3, [2, 1, 3, 4], "a"), 0, D.dropIndex(0, middles, 130), "b");
  assert.deepEqual(dragged.order, [1, 3, 2, 4]);
});

test("localStorage round trip keeps the draft exactly", () => {
  const storage = new Map();  // localStorage keeps strings
  const d = D.refused(D.moveUp(fresh(), 3, "t9"), "round closed");
  storage.set(D.storageKey(1, 2, 2), D.serialise(d));
  assert.equal(typeof storage.get("tpws:1:2:2"), "string");
  const back = D.restore(storage.get("tpws:1:2:2"), 2, IDS);
  assert.deepEqual(back, { round: 2, order: [1, 2, 4, 3, 5], token: "t9", state: "dirty", adopted: false,
                           error: "round closed" });
});

test("a draft stored by the earlier phone script (no adopted, no error) is restored", () => {
  const old = '{"round":1,"order":[3,1,2],"token":"ff00","state":"pending"}';
  assert.deepEqual(D.restore(old, 1, [1, 2, 3]),
                   { round: 1, order: [3, 1, 2], token: "ff00", state: "pending", adopted: false, error: null });
});

test("what cannot be restored starts a new draft", () => {
  const good = D.serialise(fresh());
  assert.equal(D.restore(null, 2, IDS), null);
  assert.equal(D.restore("", 2, IDS), null);
  assert.equal(D.restore("{not json", 2, IDS), null);
  assert.equal(D.restore("[1,2]", 2, IDS), null);
  assert.equal(D.restore(good, 3, IDS), null);                 // another round
  assert.equal(D.restore(good, 2, [1, 2, 3, 4, 6]), null);     // other problems
  assert.equal(D.restore(good, 2, [1, 2, 3, 4]), null);        // fewer problems
  assert.equal(D.restore(good.replace('"new"', '"weird"'), 2, IDS), null);
  assert.equal(D.restore(good.replace('"t0"', '""'), 2, IDS), null);
  assert.deepEqual(D.restore(good, 2, [5, 4, 3, 2, 1]).order, [1, 2, 3, 4, 5]);  // same problems, any order
});

test("submitting: what is sent, the answer, a change while sending", () => {
  let d = D.moveUp(fresh(), 1, "tok1");
  assert.deepEqual(D.submission(d), { ranking: [2, 1, 3, 4, 5], client_token: "tok1" });
  d = D.pending(d);
  assert.equal(d.state, "pending");
  assert.equal(D.shouldResend(d, false), true);
  assert.equal(D.shouldResend(d, true), false);
  const sent = D.accepted(d, "tok1");
  assert.deepEqual(sent, { round: 2, order: [2, 1, 3, 4, 5], token: "tok1", state: "sent", adopted: false, error: null });
  assert.equal(D.shouldResend(sent, false), false);
  // moved again before the answer came: the answer for the old token leaves the new draft dirty
  const changed = D.moveUp(d, 2, "tok2");
  assert.equal(D.accepted(changed, "tok1"), changed);
  assert.equal(changed.state, "dirty");
  const refused = D.refused(d, "no open round");
  assert.deepEqual([refused.state, refused.error, refused.token], ["dirty", "no open round", "tok1"]);
});

test("a group's ballot handed in by another member replaces a draft not being edited", () => {
  const me = { round: { no: 2 }, ballot: { client_token: "other", tiers: [[3], [1], [2], [5], [4]] } };
  assert.deepEqual(D.adoptBallot(fresh(), me),
                   { round: 2, order: [3, 1, 2, 5, 4], token: "other", state: "sent", adopted: true, error: null });
  const dirty = D.moveUp(fresh(), 1, "mine");
  assert.equal(D.adoptBallot(dirty, me), dirty);
  const pend = D.pending(dirty);
  assert.equal(D.adoptBallot(pend, me), pend);
  const other = fresh();
  assert.equal(D.adoptBallot(other, { round: { no: 1 }, ballot: me.ballot }), other);   // another round's ballot
  assert.equal(D.adoptBallot(other, { round: { no: 2 }, ballot: null }), other);
  assert.equal(D.adoptBallot(other, null), other);
});

test("the draft's own ballot coming back marks it sent, once", () => {
  const d = D.newDraft(2, IDS, "mine");
  const me = { round: { no: 2 }, ballot: { client_token: "mine", tiers: IDS.map((x) => [x]) } };
  const sent = D.adoptBallot(d, me);
  assert.deepEqual(sent, { round: 2, order: IDS, token: "mine", state: "sent", adopted: false, error: null });
  assert.equal(D.adoptBallot(sent, me), sent);
});

test("the acknowledgement line", () => {
  const T = { received: "R", group_sent: "G", retrying: "W", draft: "D" };
  const d = fresh();
  assert.equal(D.acknowledgement(d, T), "");
  assert.equal(D.acknowledgement(D.moveUp(d, 1, "a"), T), "D");
  assert.equal(D.acknowledgement(D.refused(d, "too late"), T), "too late");
  assert.equal(D.acknowledgement(D.pending(d), T), "W");
  assert.equal(D.acknowledgement(D.accepted(d, "t0"), T), "R");
  assert.equal(D.acknowledgement({ ...d, state: "sent", adopted: true }, T), "G");
});
