// Texts shared by the phone and the projector.
import assert from "node:assert/strict";
import { test } from "node:test";

import { fixed3, problemNames, problemText } from "../../../src/townpaths/web/static/workshop/text.js";

const PROBLEMS = [{ id: 1, text_en: "Unemployment", text_sl: "Brezposelnost" }, { id: 2, text_en: "Air", text_sl: null }];

test("a problem in the page language, English when there is no Slovene text", () => {
  assert.equal(problemText(PROBLEMS[0], "sl"), "Brezposelnost");
  assert.equal(problemText(PROBLEMS[0], "en"), "Unemployment");
  assert.equal(problemText(PROBLEMS[1], "sl"), "Air");
  assert.deepEqual(problemNames(PROBLEMS, "sl"), { 1: "Brezposelnost", 2: "Air" });
  assert.deepEqual(problemNames(undefined, "sl"), {});
});

test("statistics with three decimals", () => {
  assert.equal(fixed3(1), "1.000");
  assert.equal(fixed3(0.66666), "0.667");
  assert.equal(fixed3(0), "0.000");
  assert.equal(fixed3(null), "–");
  assert.equal(fixed3(undefined), "–");
});

test("placeholders filled; a group's stored label in the page's language", async () => {
  const { fill, groupName } = await import("../../../src/townpaths/web/static/workshop/text.js");
  assert.equal(fill("placed %(range)s by %(who)s", { range: "2–4", who: "Ana" }), "placed 2–4 by Ana");
  assert.equal(fill("%(missing)s stays", {}), "%(missing)s stays");
  const T = { "pair %(n)s": "par %(n)s", "group %(n)s": "skupina %(n)s", "worksheet group %(n)s": "delovna skupina %(n)s" };
  assert.deepEqual(["pair 3", "group 12", "worksheet 1"].map((l) => groupName(l, T)),
                   ["par 3", "skupina 12", "delovna skupina 1"]);
  assert.equal(groupName("corner table", T), "corner table");  // a name the facilitator gave stays
  assert.equal(groupName("pair 3", {}), "pair 3");
  assert.equal(groupName(null, T), "");
});
