import assert from "node:assert/strict";
import test from "node:test";

import {
  PROGRESS_FROM_BYTES,
  fill,
  oversized,
  percent,
  progressText,
  showsProgress,
  sizeText,
  totalBytes,
} from "../../../src/townpaths/web/static/uploads/progress.js";

test("percent is whole, from 0 to 100, and 0 when the total is unknown", () => {
  assert.equal(percent(0, 100), 0);
  assert.equal(percent(1, 3), 33);
  assert.equal(percent(2, 3), 66);
  assert.equal(percent(100, 100), 100);
  assert.equal(percent(150, 100), 100);
  assert.equal(percent(10, 0), 0);
  assert.equal(percent(10, undefined), 0);
});

test("sizes are stated as the server states them", () => {
  assert.equal(sizeText(50 * 1024 ** 2), "50 MB");
  assert.equal(sizeText(4 * 1024 ** 3), "4 GB");
  assert.equal(sizeText(1.5 * 1024 ** 3), "1.5 GB");
  assert.equal(sizeText(800 * 1024), "800 KB");
  assert.equal(sizeText(12), "12 B");
  assert.equal(sizeText(1024 ** 2 + 1024 ** 2 / 4), "1.3 MB");
});

test("the server's texts are filled in, unknown names kept", () => {
  assert.equal(fill("Poslano %(done)s od %(total)s (%(percent)s %%)", { done: "1 MB", total: "2 MB", percent: 50 }),
    "Poslano 1 MB od 2 MB (50 %)");
  assert.equal(fill("%(file)s: %(other)s", { file: "a.csv" }), "a.csv: %(other)s");
});

test("the progress line", () => {
  assert.equal(
    progressText("Sent %(done)s of %(total)s (%(percent)s %%)", 25 * 1024 ** 2, 100 * 1024 ** 2),
    "Sent 25 MB of 100 MB (25 %)",
  );
});

test("files over their input's limit are found before anything is sent", () => {
  const inputs = [
    { maxBytes: 100, files: [{ name: "a.txt", size: 100 }, { name: "b.txt", size: 101 }] },
    { maxBytes: 0, files: [{ name: "any.zip", size: 10 ** 12 }] },
    { maxBytes: 5, files: [{ name: "c.csv", size: 6 }] },
  ];
  assert.deepEqual(oversized(inputs), [{ name: "b.txt", maxBytes: 100 }, { name: "c.csv", maxBytes: 5 }]);
  assert.deepEqual(oversized([{ maxBytes: 10, files: [] }]), []);
  assert.equal(totalBytes(inputs), 100 + 101 + 10 ** 12 + 6);
});

test("only large uploads show their progress", () => {
  assert.equal(showsProgress(PROGRESS_FROM_BYTES - 1), false);
  assert.equal(showsProgress(PROGRESS_FROM_BYTES), true);
});
