// The phone's ballot draft: moves, tokens, localStorage round trip, submission, group ballots.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as D from "../../../src/townpaths/web/static/workshop/draft.js";

const IDS = [1, 2, 3, 4, 5];
const fresh = () => D.newDraft(2, IDS, "t0");
/** A whole draft: the fields given, the others as a new draft has them. */
const draft = (fields) => ({ seq: null, base: null, adopted: false, by: null, error: null, ...fields });

test("a new draft ranks the problems in the given order, untouched", () => {
  const ids = [3, 1, 2];
  const d = D.newDraft(1, ids, "abc");
  assert.deepEqual(d, draft({ round: 1, order: [3, 1, 2], token: "abc", state: "new" }));
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
  assert.deepEqual(d, draft({ round: 2, order: [5, 1, 3, 4, 2], token: "t4", state: "dirty" }));
});

test("moves outside the list or onto the same place change nothing", () => {
  const d = fresh();
  assert.equal(D.moveUp(d, 0, "x"), d);
  assert.equal(D.moveDown(d, 4, "x"), d);
  assert.equal(D.moveTo(d, 2, 2, "x"), d);
  assert.equal(D.moveTo(d, 5, 0, "x"), d);
  assert.equal(D.moveTo(d, -1, 0, "x"), d);
});

test("a move clears an adopted ballot, its sender, an error and the sequence number; the group ballot seen stays", () => {
  const d = draft({ round: 2, order: [1, 2, 3], token: "g", seq: 7, base: "g", state: "sent", adopted: true, by: "Ana",
                    error: "closed" });
  assert.deepEqual(D.moveUp(d, 1, "n"), draft({ round: 2, order: [2, 1, 3], token: "n", base: "g", state: "dirty" }));
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
  assert.deepEqual(back, draft({ round: 2, order: [1, 2, 4, 3, 5], token: "t9", state: "dirty", error: "round closed" }));
  const sent = D.accepted(D.pending(D.moveUp(fresh(), 3, "t9"), 1234), "t9");
  assert.deepEqual(D.restore(D.serialise(sent), 2, IDS), sent);  // sequence number and base kept too
});

test("a draft stored by the earlier phone script (no adopted, no error) is restored", () => {
  const old = '{"round":1,"order":[3,1,2],"token":"ff00","state":"pending"}';
  assert.deepEqual(D.restore(old, 1, [1, 2, 3]), draft({ round: 1, order: [3, 1, 2], token: "ff00", state: "pending" }));
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
  d = D.pending(d, 100);
  assert.deepEqual([d.state, d.seq], ["pending", 100]);
  assert.deepEqual(D.submission(d), { ranking: [2, 1, 3, 4, 5], client_token: "tok1", seq: 100 });
  assert.equal(D.pending(d, 101).seq, 100);  // a retry sends the sequence number it was first sent with
  assert.equal(D.shouldResend(d, false), true);
  assert.equal(D.shouldResend(d, true), false);
  const sent = D.accepted(d, "tok1");
  assert.deepEqual(sent, draft({ round: 2, order: [2, 1, 3, 4, 5], token: "tok1", seq: 100, base: "tok1", state: "sent" }));
  assert.equal(D.shouldResend(sent, false), false);
  // moved again before the answer came: the answer for the old token leaves the new draft dirty
  const changed = D.moveUp(d, 2, "tok2");
  assert.deepEqual(D.accepted(changed, "tok1"), { ...changed, base: "tok1" });  // but the group's ballot is its own
  assert.equal(changed.state, "dirty");
  assert.deepEqual(D.submission({ ...changed, base: "tok1" }), { ranking: [2, 3, 1, 4, 5], client_token: "tok2", base: "tok1" });
  const refused = D.refused(d, "no open round");
  assert.deepEqual([refused.state, refused.error, refused.token, refused.seq], ["dirty", "no open round", "tok1", 100]);
  // refused for good (another phone's token): a new token, and a new sequence number when sent again
  const fresh2 = D.refused(d, "belongs to another phone", "tok3");
  assert.deepEqual([fresh2.token, fresh2.seq, fresh2.state], ["tok3", null, "dirty"]);
});

test("a group's ballot handed in by another member replaces a draft not being edited", () => {
  const me = { round: { no: 2 }, ballot: { client_token: "other", tiers: [[3], [1], [2], [5], [4]], by: "Ana" } };
  assert.deepEqual(D.adoptBallot(fresh(), me),
                   draft({ round: 2, order: [3, 1, 2, 5, 4], token: "other", base: "other", state: "sent", adopted: true,
                           by: "Ana" }));
  const dirty = D.moveUp(fresh(), 1, "mine");
  assert.equal(D.adoptBallot(dirty, me), dirty);
  const pend = D.pending(dirty, 5);
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
  assert.deepEqual(sent, draft({ round: 2, order: IDS, token: "mine", base: "mine", state: "sent" }));
  assert.equal(D.adoptBallot(sent, me), sent);
});

test("the acknowledgement line", () => {
  const T = { received: "R", group_sent: "G", group_sent_by: "G by %(name)s", retrying: "W", draft: "D" };
  const d = fresh();
  assert.equal(D.acknowledgement(d, T), "");
  assert.equal(D.acknowledgement(D.moveUp(d, 1, "a"), T), "D");
  assert.equal(D.acknowledgement(D.refused(d, "too late"), T), "too late");
  assert.equal(D.acknowledgement(D.pending(d, 1), T), "W");
  assert.equal(D.acknowledgement(D.accepted(d, "t0"), T), "R");
  assert.equal(D.acknowledgement({ ...d, state: "sent", adopted: true }, T), "G");
  assert.equal(D.acknowledgement({ ...d, state: "sent", adopted: true, by: "Bor" }, T), "G by Bor");
});

test("sequence numbers only grow on one phone, even when its storage was cleared", () => {
  assert.equal(D.seqKey(7, 42), "tpws:seq:7:42");
  assert.equal(D.nextSeq(null, 1700000000000), 1700000000000);     // nothing stored: the clock
  assert.equal(D.nextSeq("1700000000005", 1700000000001), 1700000000006);  // the clock went back: still up
  assert.equal(D.nextSeq("12", 1700000000000), 1700000000000);
  assert.equal(D.nextSeq("not a number", 5.7), 5);
  assert.equal(D.nextSeq("-4", 0), 1);
});

test("where a round's list starts: the order drawn for the phone, its group's, or alphabetical in its language", () => {
  const names = { 1: "Zaposlitev", 2: "čisti zrak", 3: "cesta", 4: "Dom" };
  assert.deepEqual(D.startOrder({ mode: "random", order: [3, 1, 4, 2] }, names, "sl"), [3, 1, 4, 2]);
  assert.deepEqual(D.startOrder({ mode: "group", order: [2, 4, 1, 3] }, names, "sl"), [2, 4, 1, 3]);
  // Slovene sorts č after c, ignoring case
  assert.deepEqual(D.startOrder({ mode: "alphabetical", order: [1, 2, 3, 4] }, names, "sl"), [3, 2, 4, 1]);
  const start = { mode: "alphabetical", order: [1, 2, 3, 4] };
  D.startOrder(start, names, "sl");
  assert.deepEqual(start.order, [1, 2, 3, 4]);  // not changed in place
});

test("dragging near an edge scrolls, faster the closer to it", () => {
  // a screen from 0 to 800 px, 72 px edges, at most 18 px a frame
  assert.equal(D.autoScrollStep(400, 0, 800, 72, 18), 0);
  assert.equal(D.autoScrollStep(72, 0, 800, 72, 18), 0);
  assert.equal(D.autoScrollStep(36, 0, 800, 72, 18), -9);
  assert.equal(D.autoScrollStep(0, 0, 800, 72, 18), -18);
  assert.equal(D.autoScrollStep(-50, 0, 800, 72, 18), -18);   // the finger beyond the edge: the fastest
  assert.equal(D.autoScrollStep(764, 0, 800, 72, 18), 9);
  assert.equal(D.autoScrollStep(900, 0, 800, 72, 18), 18);
});

test("a partner's newer group ballot, handed back by the server, is shown instead of the draft", () => {
  const mine = D.pending(D.moveUp(fresh(), 1, "mine"), 3);
  const shown = D.partnerBallot(mine, { client_token: "theirs", tiers: [[5], [4], [3], [2], [1]], by: "Ana" });
  assert.deepEqual(shown, draft({ round: 2, order: [5, 4, 3, 2, 1], token: "theirs", base: "theirs", state: "sent",
                                  adopted: true, by: "Ana" }));
  // the member changes it and submits again: the new draft says it has seen the partner's ballot
  const again = D.moveUp(shown, 4, "mine2");
  assert.deepEqual(D.submission(D.pending(again, 4)),
                   { ranking: [5, 4, 3, 1, 2], client_token: "mine2", seq: 4, base: "theirs" });
});
