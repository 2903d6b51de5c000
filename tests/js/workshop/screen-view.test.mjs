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
  // the stored label "worksheet 2" in the page's language
  assert.deepEqual(S.worksheetBox({ label: "worksheet 2", problem: 3, title: "", ideas: [] }, NAMES,
                                  { "worksheet group %(n)s": "delovna skupina %(n)s" }),
                   { heading: "delovna skupina 2: Housing", title: null, ideas: [] });
  assert.deepEqual(S.worksheetBox({ label: "B", problem: 9, title: "Card", ideas: [] }, NAMES),
                   { heading: "B: ", title: "Card", ideas: [] });
  assert.equal(S.ballotLine({ voter: "Ana", tiers: [[1], [2, 3]] }, NAMES), "Ana: Jobs > Air = Housing");
  assert.equal(S.ballotLine({ voter: null, tiers: [[3]] }, NAMES), "?: Housing");
});

test("rank-moves chart geometry: a 1000 x 640 box, lines left of 380, labels after them in 26-unit type", () => {
  const problems = [{ id: 1 }, { id: 2 }, { id: 3 }];
  const history = [{ no: 1, ranks: { 1: 1, 2: 2, 3: 3 } }, { no: 3, ranks: { 1: 2, 2: 1 } }];
  const third = 26 / 3;  // a label's baseline sits a third of the type below its line's end
  assert.deepEqual(S.chart(history, problems, { ...NAMES, 3: "x".repeat(50) }), {
    axis: [{ x: 30, y: 632, text: "1" }, { x: 380, y: 632, text: "3" }],
    lines: [
      { problem: 1, colour: "#1b6ca8", points: "30,30 380,310", label: { x: 392, y: 310 + third, text: "Jobs" } },
      { problem: 2, colour: "#d1495b", points: "30,310 380,30", label: { x: 392, y: 30 + third, text: "Air" } },
      { problem: 3, colour: "#00798c", points: "30,590", label: { x: 392, y: 590 + third, text: "x".repeat(35) + "…" } },
    ],
  });
  assert.deepEqual(S.chart([], problems, NAMES), { axis: [], lines: [] });
  assert.deepEqual(S.chart([{ no: 1, ranks: {} }], problems, NAMES), { axis: [{ x: 30, y: 632, text: "1" }], lines: [] });
  assert.equal(S.chart([{ no: 1, ranks: { 11: 1 } }], Array.from({ length: 11 }, (_, k) => ({ id: k + 1 })), {})
    .lines[0].colour, "#1b6ca8");  // colours repeat after ten
  // two problems tied at the top: the second label goes one line (1.05 x 26 units) lower, not on top of the first
  const tied = S.chart([{ no: 1, ranks: { 1: 1, 2: 1, 3: 3 } }], problems, NAMES).lines.map((l) => l.label.y);
  assert.deepEqual(tied, [30 + third, 30 + third + 26 * 1.05, 590 + third]);
  // twelve problems with long names: every label inside the box
  const twelve = Array.from({ length: 12 }, (_, k) => ({ id: k + 1 }));
  const ranks = Object.fromEntries(twelve.map((p) => [p.id, 1]));
  const names = Object.fromEntries(twelve.map((p) => [p.id, "a long problem name ".repeat(4)]));
  const labels = S.chart([{ no: 1, ranks }], twelve, names).lines.map((l) => l.label);
  assert.equal(labels.length, 12);
  assert.ok(labels.every((l) => l.y <= 640 - 26 && l.text.length <= 36));
});

test("labels are cut with an ellipsis", () => {
  assert.equal(S.cut("short", 36), "short");
  assert.equal(S.cut("abcdef", 4), "abc…");
  assert.equal(S.cut("ab  cdef", 4), "ab…");
  assert.equal(S.cut(null, 4), "");
});
