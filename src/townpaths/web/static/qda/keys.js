/* townpaths coding page: keyboard and requests (pure). */

var CARET = { ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
              ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
              Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"] };

/** Keyboard selection in the transcript without caret browsing: the Selection.modify() arguments
    [alter, direction, granularity] for a key (arrows move, Shift extends, Ctrl/Alt by word), or null. */
export function caretMove(key, shift, byWord) {
  var move = CARET[key];
  if (!move) return null;
  return [shift ? "extend" : "move", move[0], byWord && move[1] === "character" ? "word" : move[1]];
}

/** Whether a key press may be a coding shortcut: not typed in a form field, no modifier. */
export function shortcutAllowed(tagName, modifiers) {
  var tag = (tagName || "").toLowerCase();
  if (tag === "input" || tag === "select" || tag === "textarea") return false;
  return !(modifiers.ctrlKey || modifiers.metaKey || modifiers.altKey);
}

/** A new segment to POST, or {error: "select"} when nothing is selected. The coder is the
    signed-in person: the request names none. */
export function newSegment(interviewId, codeId, range, memo) {
  if (!range) return { error: "select" };
  return { body: { interview_id: Number(interviewId), code_id: Number(codeId), start: range.start, end: range.end,
                   memo: memo || null } };
}

/** The PATCH body of a segment's edit form (the inputs' string values). */
export function segmentEdit(codeId, start, end, memo) {
  return { code_id: Number(codeId), start: Number(start), end: Number(end), memo: memo };
}

/** The message of a refused request: the API's "error" (a text, or a list of field
    errors: "field: message; ..."), else the HTTP status text. */
export function problemDetail(data, statusText) {
  var detail = data ? data.error : null;
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail) && detail.length) {
    return detail.map(function (d) {
      var loc = d && Array.isArray(d.loc) && d.loc.length ? d.loc[d.loc.length - 1] + ": " : "";
      return loc + (d && d.msg ? d.msg : String(d));
    }).join("; ");
  }
  return statusText;
}
