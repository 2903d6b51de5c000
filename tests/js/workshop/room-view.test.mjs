// What the phone shows for the live state.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as V from "../../../src/townpaths/web/static/workshop/room-view.js";

const T = { round: "Round", ended: "Ended", waiting: "Waiting", individual: "individual", worksheet: "worksheet",
            you: "You", your_group: "Your group", up: "Move up", down: "Move down", drag: "Drag to move",
            disputed: "placed %(range)s by your group", "pair %(n)s": "par %(n)s", start_random: "R",
            start_alphabetical: "A", start_group: "G" };
const state = (status, rounds) => ({ workshop: { status }, rounds });

test("heading: waiting, a ranking round, a worksheet round, ended", () => {
  assert.deepEqual(V.heading(state("open", [{ no: 1, kind: "individual", status: "closed" }]), T),
                   { mode: "waiting", round: "", title: "Waiting" });
  const two = [{ no: 1, kind: "individual", status: "closed" }, { no: 2, kind: "pair", status: "open" }];
  assert.deepEqual(V.heading(state("open", two), T), { mode: "ranking", round: 2, title: "Round 2: pair" });
  assert.deepEqual(V.heading(state("open", [{ no: 4, kind: "worksheet", status: "open" }]), T),
                   { mode: "worksheet", round: 4, title: "Round 4: worksheet" });
  assert.deepEqual(V.heading(state("ended", [{ no: 1, kind: "individual", status: "closed" }]), T),
                   { mode: "ended", round: "", title: "Ended" });
  assert.deepEqual(V.openRound(state("open", two)), { no: 2, kind: "pair", status: "open" });
  assert.equal(V.openRound(state("open", [])), null);
});

test("who and group lines", () => {
  assert.equal(V.whoLine(null, T), "");
  assert.equal(V.whoLine({ you: { nickname: "" } }, T), "");
  assert.equal(V.whoLine({ you: { nickname: "Ana" } }, T), "You: Ana");
  assert.equal(V.groupLine({ group: null }, T), null);
  assert.equal(V.groupLine({ group: { label: "B", members: ["Ana", "Bor"] } }, T), "Your group (B): Ana, Bor");
  assert.equal(V.groupLine({ group: { label: "pair 3", members: ["Ana"] } }, T), "Your group (par 3): Ana");
});

test("the ranking list with accessible labels, the group's disagreements, and the keys that move", () => {
  const item = (id, text, n, disputed) => ({ id, text, label: n + ". " + text, up: "Move up: " + text,
                                             down: "Move down: " + text, drag: "Drag to move: " + text, disputed });
  assert.deepEqual(V.orderItems([2, 1], { 1: "Air", 2: "Jobs" }, T), [item(2, "Jobs", 1, null), item(1, "Air", 2, null)]);
  assert.deepEqual(V.orderItems([2, 1, 3], { 1: "Air", 2: "Jobs", 3: "Homes" }, T, { 1: [1, 3], 3: [2, 2] }), [
    item(2, "Jobs", 1, null),
    item(1, "Air", 2, { text: "◆ 1–3", label: "placed 1–3 by your group" }),
    item(3, "Homes", 3, { text: "◆ 2", label: "placed 2 by your group" }),
  ]);
  assert.deepEqual(["ArrowUp", "ArrowDown", "ArrowLeft", "Enter"].map(V.keyStep), [-1, 1, 0, 0]);
  assert.deepEqual([V.rankRange([2, 5]), V.rankRange([4, 4])], ["2–5", "4"]);
});

test("the line above the list says how it started", () => {
  assert.equal(V.startNote(null, T), "");
  assert.deepEqual(["random", "alphabetical", "group", "other"].map((mode) => V.startNote({ mode }, T)), ["R", "A", "G", ""]);
});

test("ideas: dot button, spent when no dot is left, and new text", () => {
  const dots = { used: 3, limit: 3 };
  assert.deepEqual(V.ideaDot({ dots: 3, mine: true }, dots), { label: "● 3", cls: "dot mine", pressed: "true", spent: false });
  assert.deepEqual(V.ideaDot({ dots: 0, mine: false }, dots), { label: "● 0", cls: "dot spent", pressed: "false", spent: true });
  assert.deepEqual(V.ideaDot({ dots: 0, mine: false }, { used: 2, limit: 3 }),
                   { label: "● 0", cls: "dot", pressed: "false", spent: false });
  assert.deepEqual(V.ideaDot({ dots: 1, mine: false }), { label: "● 1", cls: "dot", pressed: "false", spent: false });
  assert.equal(V.ideaText("  fish farm \n"), "fish farm");
  assert.equal(V.ideaText("   "), null);
});
