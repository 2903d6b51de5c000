// What the phone shows for the live state.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as V from "../../../src/townpaths/web/static/workshop/room-view.js";

const T = { round: "Round", ended: "Ended", waiting: "Waiting", individual: "individual", worksheet: "worksheet",
            you: "You", your_group: "Your group", up: "Move up", down: "Move down" };
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
});

test("the ranking list with accessible labels, and the keys that move", () => {
  assert.deepEqual(V.orderItems([2, 1], { 1: "Air", 2: "Jobs" }, T), [
    { id: 2, text: "Jobs", label: "1. Jobs", up: "Move up: Jobs", down: "Move down: Jobs" },
    { id: 1, text: "Air", label: "2. Air", up: "Move up: Air", down: "Move down: Air" },
  ]);
  assert.deepEqual(["ArrowUp", "ArrowDown", "ArrowLeft", "Enter"].map(V.keyStep), [-1, 1, 0, 0]);
});

test("worksheet fields in and out", () => {
  const sheet = { core: { core: "two companies" }, card: { title: "fish farm", actors: { economy: "the mine" } } };
  assert.equal(V.sheetValue(sheet, "core", "core"), "two companies");
  assert.equal(V.sheetValue(sheet, "core", "causes"), "");
  assert.equal(V.sheetValue(sheet, "card", "title"), "fish farm");
  assert.equal(V.sheetValue(sheet, "actor", "economy"), "the mine");
  assert.equal(V.sheetValue(sheet, "actor", "municipality"), "");
  assert.equal(V.sheetValue({}, "actor", "economy"), "");
  assert.deepEqual(V.collectSheet([
    { kind: "core", name: "core", value: "two companies" }, { kind: "core", name: "causes", value: "" },
    { kind: "card", name: "title", value: "fish farm" },
    { kind: "actor", name: "economy", value: "the mine" }, { kind: "actor", name: "municipality", value: "" },
  ]), { core: { core: "two companies", causes: "" }, card: { title: "fish farm", actors: { economy: "the mine" } } });
});

test("ideas: dot button and new text", () => {
  assert.deepEqual(V.ideaDot({ dots: 3, mine: true }), { label: "● 3", cls: "dot mine", pressed: "true" });
  assert.deepEqual(V.ideaDot({ dots: 0, mine: false }), { label: "● 0", cls: "dot", pressed: "false" });
  assert.equal(V.ideaText("  fish farm \n"), "fish farm");
  assert.equal(V.ideaText("   "), null);
});
