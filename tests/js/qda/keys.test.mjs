// Keyboard and requests of the coding page.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as K from "../../../src/townpaths/web/static/qda/keys.js";

test("arrow keys move or extend the selection, Ctrl/Alt by word", () => {
  assert.deepEqual(K.caretMove("ArrowRight", true, false), ["extend", "forward", "character"]);
  assert.deepEqual(K.caretMove("ArrowLeft", false, true), ["move", "backward", "word"]);
  assert.deepEqual(K.caretMove("ArrowDown", true, true), ["extend", "forward", "line"]);
  assert.deepEqual(K.caretMove("Home", false, false), ["move", "backward", "lineboundary"]);
  assert.deepEqual(K.caretMove("End", true, false), ["extend", "forward", "lineboundary"]);
  assert.equal(K.caretMove("1", false, false), null);
});

test("shortcuts are not taken from form fields or with modifiers", () => {
  const none = { ctrlKey: false, metaKey: false, altKey: false };
  assert.equal(K.shortcutAllowed("DIV", none), true);
  assert.equal(K.shortcutAllowed(undefined, none), true);
  assert.equal(K.shortcutAllowed("INPUT", none), false);
  assert.equal(K.shortcutAllowed("select", none), false);
  assert.equal(K.shortcutAllowed("TEXTAREA", none), false);
  assert.equal(K.shortcutAllowed("BODY", { ...none, ctrlKey: true }), false);
  assert.equal(K.shortcutAllowed("BODY", { ...none, metaKey: true }), false);
  assert.equal(K.shortcutAllowed("BODY", { ...none, altKey: true }), false);
});

test("a new segment: the request (no coder: the server takes the signed-in person), or what is missing", () => {
  assert.deepEqual(K.newSegment(3, "5", { start: 14, end: 17 }, ""),
                   { body: { interview_id: 3, code_id: 5, start: 14, end: 17, memo: null } });
  assert.deepEqual(K.newSegment(3, "5", { start: 0, end: 9 }, "first"),
                   { body: { interview_id: 3, code_id: 5, start: 0, end: 9, memo: "first" } });
  assert.deepEqual(K.newSegment(3, "5", null, ""), { error: "select" });
  assert.equal(K.CODER_KEY, undefined);
});

test("an edit and a refusal's message", () => {
  assert.deepEqual(K.segmentEdit("4", "10", "20", "memo"), { code_id: 4, start: 10, end: 20, memo: "memo" });
  assert.deepEqual(K.problemDetail({ error: "segment end 99 is past the end of the text (28)" }, "Bad Request"),
                   "segment end 99 is past the end of the text (28)");
  assert.equal(K.problemDetail({ error: [{ loc: ["body", "start"], msg: "Input should be a valid integer" },
                                          { loc: ["body", "end"], msg: "Field required" }] }, "Unprocessable Entity"),
               "start: Input should be a valid integer; end: Field required");
  assert.equal(K.problemDetail(null, "Internal Server Error"), "Internal Server Error");
  assert.equal(K.problemDetail({}, "Not Found"), "Not Found");
});
