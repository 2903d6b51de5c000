/* townpaths coding page: text positions (pure).

   Transcripts count positions in Unicode code points (Python's str), JavaScript strings in
   UTF-16 code units: a character outside the Basic Multilingual Plane (an emoji, 𝄞) is one code
   point but two units (a surrogate pair). The page shows a transcript as runs, one <span
   data-start> per stretch of text covered by the same segments; here a run is {start, text}
   with ``start`` in code points of the transcript and ``text`` the span's text. */

function isLowSurrogate(unit) { return unit >= 0xDC00 && unit <= 0xDFFF; }

/** The number of code points in a string. */
export function codePointLength(s) {
  return codePointIndex(s, s.length);
}

/** UTF-16 index -> code points before it. An index inside a surrogate pair counts the whole
    character (a selection ending in the middle of an emoji includes it). */
export function codePointIndex(s, utf16) {
  var n = 0, end = Math.max(0, Math.min(utf16, s.length));
  for (var i = 0; i < end; i++) if (!isLowSurrogate(s.charCodeAt(i))) n++;
  return n;
}

/** Code point index -> UTF-16 index in the string (clamped to its length). */
export function utf16Index(s, codePoints) {
  var i = 0;
  for (var n = 0; n < codePoints && i < s.length; n++) {
    var unit = s.charCodeAt(i);
    i += unit >= 0xD800 && unit <= 0xDBFF && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

/** The code point offset just after a run. */
export function runEnd(run) {
  return run.start + codePointLength(run.text);
}

/** A position in a run's text (a UTF-16 offset in the text node) -> offset in the transcript. */
export function offsetInRun(run, utf16) {
  return run.start + codePointIndex(run.text, utf16);
}

/** A position between the transcript's runs (before run ``index``; after the last one the
    transcript's ``length``) -> offset in the transcript. */
export function offsetBetweenRuns(runs, length, index) {
  return index < runs.length ? runs[index].start : length;
}

/** A position in a run's element rather than its text: 0 is its start, anything else its end. */
export function offsetAtRunEdge(run, index) {
  return index === 0 ? run.start : runEnd(run);
}

/** The run holding a code point offset (the last run starting at or before it), or -1. */
export function runAt(runs, offset) {
  var lo = 0, hi = runs.length - 1, found = -1;
  while (lo <= hi) {
    var mid = (lo + hi) >> 1;
    if (runs[mid].start <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** Back from the transcript: code point offset -> {run, utf16} (the run's index and the UTF-16
    offset in its text), or null outside [0, end of the last run]. */
export function locate(runs, offset) {
  if (!runs.length || offset < runs[0].start || offset > runEnd(runs[runs.length - 1])) return null;
  var k = runAt(runs, offset);
  return { run: k, utf16: utf16Index(runs[k].text, offset - runs[k].start) };
}

/** Two ends of a selection (either order; null: outside the transcript) -> {start, end}, or null
    when an end is missing or the selection is empty. */
export function orderedRange(a, b) {
  if (a === null || b === null || a === undefined || b === undefined || a === b) return null;
  return a < b ? { start: a, end: b } : { start: b, end: a };
}

/** The segment ids of a run (its data-segments: ids separated by spaces). */
export function segmentIds(attr) {
  return (attr || "").split(" ").filter(Boolean).map(Number);
}

/** Whether a run is covered by segment ``id``. */
export function covers(attr, id) {
  return segmentIds(attr).indexOf(Number(id)) >= 0;
}
