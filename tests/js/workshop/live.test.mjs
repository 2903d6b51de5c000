// When the phone's live connection is opened again.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as L from "../../../src/townpaths/web/static/workshop/live.js";

test("after an error only a source the browser gave up on is replaced", () => {
  assert.deepEqual([L.CONNECTING, L.OPEN, L.CLOSED].map(L.reopenAfterError), [false, false, true]);
  assert.equal(L.RETRY_MS, 1000);
});

test("back online: open again unless a source is open", () => {
  assert.deepEqual([null, L.CONNECTING, L.OPEN, L.CLOSED].map(L.reopenWhenOnline), [true, true, false, true]);
});

test("a page becoming visible opens again only without a live source", () => {
  assert.equal(L.reopenWhenVisible("visible", null), true);
  assert.equal(L.reopenWhenVisible("visible", L.CLOSED), true);
  assert.equal(L.reopenWhenVisible("visible", L.CONNECTING), false);
  assert.equal(L.reopenWhenVisible("visible", L.OPEN), false);
  assert.equal(L.reopenWhenVisible("hidden", L.CLOSED), false);
});

test("the connection line", () => {
  const T = { connected: "v živo", reconnecting: "ponovno povezovanje…" };
  assert.equal(L.statusText(true, T), "v živo");
  assert.equal(L.statusText(false, T), "ponovno povezovanje…");
});
