// What the projector shows for the live state.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as S from "../../../src/townpaths/web/static/workshop/screen-view.js";

const T = { round: "Round", ended: "Ended", plenary: "plenary", open: "open", split: "split" };
const NAMES = { 1: "Jobs", 2: "Air", 3: "Housing" };

test("round line", () => {
  const rounds = [{ no: 1, kind: "individual", status: "closed" }, { no: 2, kind: "plenary", status: "open" }];
  assert.equal(S.roundLine({ workshop: { status: "open" }, current: 2, rounds }, T), "Round 2: plenary (open)");
  assert.equal(S.roundLine({ workshop: { status: "open" }, current: 1, rounds }, T), "Round 1: individual (closed)");
  assert.equal(S.roundLine({ workshop: { status: "open" }, current: null, rounds }, T), "");
  assert.equal(S.roundLine({ workshop: { status: "ended" }, current: 2, rounds }, T), "Ended");
});

test("consensus: competition ranks, ties shown as =rank", () => {
  assert.deepEqual(S.consensusItems([[2], [1, 3], [4]]), [
    { problem: 2, rank: 1, label: "1" }, { problem: 1, rank: 2, label: "=2" }, { problem: 3, rank: 2, label: "=2" },
    { problem: 4, rank: 4, label: "4" },
  ]);
  assert.deepEqual(S.consensusItems(undefined), []);
});

test("split items, worksheet boxes, ballots", () => {
  assert.deepEqual(S.splitItems([{ problem: 2, split: 0.25 }], NAMES, T), [{ problem: 2, text: "Air (split 0.250)" }]);
  assert.deepEqual(S.worksheetBox({ label: "A", problem: 3, title: "", ideas: [{ text: "co-op", dots: 2 }] }, NAMES),
                   { heading: "A: Housing", title: null, ideas: ["co-op ● 2"] });
  assert.deepEqual(S.worksheetBox({ label: "B", problem: 9, title: "Card", ideas: [] }, NAMES),
                   { heading: "B: ", title: "Card", ideas: [] });
  assert.equal(S.ballotLine({ voter: "Ana", tiers: [[1], [2, 3]] }, NAMES), "Ana: Jobs > Air = Housing");
  assert.equal(S.ballotLine({ voter: null, tiers: [[3]] }, NAMES), "?: Housing");
});

test("rank-moves chart geometry", () => {
  const problems = [{ id: 1 }, { id: 2 }, { id: 3 }];
  const history = [{ no: 1, ranks: { 1: 1, 2: 2, 3: 3 } }, { no: 3, ranks: { 1: 2, 2: 1 } }];
  assert.deepEqual(S.chart(history, problems, { ...NAMES, 3: "x".repeat(50) }), {
    axis: [{ x: 40, y: 398, text: "1" }, { x: 420, y: 398, text: "3" }],
    lines: [
      { problem: 1, colour: "#1b6ca8", points: "40,20 420,200", label: { x: 428, y: 204, text: "Jobs" } },
      { problem: 2, colour: "#d1495b", points: "40,200 420,20", label: { x: 428, y: 24, text: "Air" } },
      { problem: 3, colour: "#00798c", points: "40,380", label: { x: 48, y: 384, text: "x".repeat(40) } },
    ],
  });
  assert.deepEqual(S.chart([], problems, NAMES), { axis: [], lines: [] });
  assert.deepEqual(S.chart([{ no: 1, ranks: {} }], problems, NAMES), { axis: [{ x: 40, y: 398, text: "1" }], lines: [] });
  assert.equal(S.chart([{ no: 1, ranks: { 11: 1 } }], Array.from({ length: 11 }, (_, k) => ({ id: k + 1 })), {})
    .lines[0].colour, "#1b6ca8");  // colours repeat after ten
});
