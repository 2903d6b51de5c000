// Code point offsets of the coding page: JavaScript counts UTF-16 units, transcripts code points.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as O from "../../../src/townpaths/web/static/qda/offsets.js";

const TEXT = "A: 🙂🙂 rudnik, Čas je zlato.\n";   // 28 code points, 30 UTF-16 units
// the transcript as the page shows it when "🙂 rudnik" (4-12) and "Čas" (14-17) are coded
const RUNS = [{ start: 0, text: "A: 🙂" }, { start: 4, text: "🙂 rudnik" }, { start: 12, text: ", " },
              { start: 14, text: "Čas" }, { start: 17, text: " je zlato.\n" }];

test("lengths and indexes in code points", () => {
  assert.equal(TEXT.length, 30);
  assert.equal(O.codePointLength(TEXT), 28);
  assert.equal(O.codePointLength(""), 0);
  assert.equal(O.codePointLength("𝄞x🙂"), 3);
  assert.equal(TEXT.indexOf("Čas"), 16);
  assert.equal(O.codePointIndex(TEXT, 16), 14);   // after two emoji: 2 less than the UTF-16 offset
  assert.equal(O.codePointIndex(TEXT, 0), 0);
  assert.equal(O.codePointIndex(TEXT, 3), 3);
  assert.equal(O.codePointIndex(TEXT, 4), 4);     // inside the first emoji: counts it
  assert.equal(O.codePointIndex(TEXT, 99), 28);
  assert.equal(O.utf16Index(TEXT, 14), 16);
  assert.equal(O.utf16Index(TEXT, 4), 5);
  assert.equal(O.utf16Index(TEXT, 28), 30);
  assert.equal(O.utf16Index(TEXT, 40), 30);
  assert.equal(O.utf16Index("\uD83D", 1), 1);     // a lone surrogate is one unit
  for (let cp = 0; cp <= 28; cp++) assert.equal(O.codePointIndex(TEXT, O.utf16Index(TEXT, cp)), cp);
});

test("a selection of 'Čas' in one run of the whole text", () => {
  const run = { start: 0, text: TEXT };
  const i = TEXT.indexOf("Čas");
  assert.deepEqual(O.orderedRange(O.offsetInRun(run, i), O.offsetInRun(run, i + 3)), { start: 14, end: 17 });
  assert.equal([...TEXT].slice(14, 17).join(""), "Čas");
});

test("positions inside runs after emoji", () => {
  assert.equal(RUNS.map((r) => r.text).join(""), TEXT);
  assert.equal(O.offsetInRun(RUNS[0], 3), 3);
  assert.equal(O.offsetInRun(RUNS[0], 5), 4);            // after the first emoji
  assert.equal(O.offsetInRun(RUNS[1], 2), 5);            // after the second emoji
  assert.equal(O.offsetInRun(RUNS[1], 3), 6);            // "r"
  assert.equal(O.offsetInRun(RUNS[3], 0), 14);
  assert.equal(O.offsetInRun(RUNS[3], 3), 17);
  assert.deepEqual(RUNS.map(O.runEnd), [4, 12, 14, 17, 28]);
  // a selection from inside "rudnik" back to the first emoji (dragged right to left)
  assert.deepEqual(O.orderedRange(O.offsetInRun(RUNS[1], 5), O.offsetInRun(RUNS[0], 3)), { start: 3, end: 8 });
});

test("positions between runs and at a run's edges", () => {
  assert.equal(O.offsetBetweenRuns(RUNS, 28, 0), 0);
  assert.equal(O.offsetBetweenRuns(RUNS, 28, 3), 14);
  assert.equal(O.offsetBetweenRuns(RUNS, 28, 5), 28);
  assert.equal(O.offsetAtRunEdge(RUNS[1], 0), 4);
  assert.equal(O.offsetAtRunEdge(RUNS[1], 1), 12);
});

test("back from code points to a run and a UTF-16 offset", () => {
  assert.equal(O.runAt(RUNS, 0), 0);
  assert.equal(O.runAt(RUNS, 10), 1);
  assert.equal(O.runAt(RUNS, 13), 2);
  assert.equal(O.runAt(RUNS, 27), 4);
  assert.equal(O.runAt([], 0), -1);
  assert.deepEqual(O.locate(RUNS, 14), { run: 3, utf16: 0 });
  assert.deepEqual(O.locate(RUNS, 4), { run: 1, utf16: 0 });
  assert.deepEqual(O.locate(RUNS, 5), { run: 1, utf16: 2 });
  assert.deepEqual(O.locate(RUNS, 3), { run: 0, utf16: 3 });
  assert.deepEqual(O.locate(RUNS, 28), { run: 4, utf16: 11 });
  assert.equal(O.locate(RUNS, 29), null);
  assert.equal(O.locate(RUNS, -1), null);
  assert.equal(O.locate([], 0), null);
  for (let cp = 0; cp <= 28; cp++) {
    const at = O.locate(RUNS, cp);
    assert.equal(O.offsetInRun(RUNS[at.run], at.utf16), cp);
  }
});

test("empty or broken selections", () => {
  assert.equal(O.orderedRange(5, 5), null);
  assert.equal(O.orderedRange(null, 5), null);
  assert.equal(O.orderedRange(3, undefined), null);
  assert.deepEqual(O.orderedRange(0, 28), { start: 0, end: 28 });
});

test("segments of a run", () => {
  assert.deepEqual(O.segmentIds("12 7"), [12, 7]);
  assert.deepEqual(O.segmentIds(undefined), []);
  assert.equal(O.covers("12 7", "7"), true);
  assert.equal(O.covers("12 7", 1), false);
  assert.equal(O.covers("17", 1), false);
  assert.equal(O.covers(undefined, 1), false);
});
