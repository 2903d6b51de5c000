/* townpaths workshop: the phone's worksheet draft, as plain data and pure functions.

   Group mates edit one worksheet at the same time. The phone keeps what its member typed and has
   not saved yet, per field, with the version of the field the edit began from:
   {round, edits: {path: {value, base}}, conflicts: {path: {mine, theirs, version, by, byName}},
    pending}
   - edits are kept in localStorage, so a refresh or a dead network loses nothing; ``pending`` says
     a save was tried and did not get through (sent again when the network returns);
   - a save sends the edits; the server takes a field only when nobody saved it since its ``base``,
     and hands the others back as conflicts: both texts are shown side by side until the member
     keeps theirs, the other's, or both (then saves), so nothing is silently overwritten.
   Paths are "core.<step>", "card.<field>", "actors.<sector>". */

/** The localStorage key of a participant's worksheet draft of one round. */
export function storageKey(workshopId, participantId, round) {
  return "tpws:sheet:" + workshopId + ":" + participantId + ":" + round;
}

export function emptyDraft(round) {
  return { round: round, edits: {}, conflicts: {}, pending: false };
}

export function serialise(draft) {
  return JSON.stringify(draft);
}

/** A stored draft back, or an empty one (missing, not JSON, another round). */
export function restore(text, round) {
  var d;
  try { d = JSON.parse(text || "null"); } catch (e) { d = null; }
  if (!d || typeof d !== "object" || d.round !== round || typeof d.edits !== "object" || d.edits === null) {
    return emptyDraft(round);
  }
  var edits = {};
  Object.keys(d.edits).forEach(function (path) {
    var e = d.edits[path];
    if (e && typeof e.value === "string" && typeof e.base === "number") edits[path] = { value: e.value, base: e.base };
  });
  var conflicts = d.conflicts && typeof d.conflicts === "object" ? Object.assign({}, d.conflicts) : {};
  return { round: round, edits: edits, conflicts: conflicts, pending: d.pending === true };
}

/** A field of the worksheet as the server has it (``sheet`` is {core, card: {..., actors}}). */
export function serverValue(sheet, path) {
  var parts = path.split("."), part = parts[0], name = parts[1];
  var box = part === "actors" ? ((sheet || {}).card || {}).actors : (sheet || {})[part];
  var value = (box || {})[name];
  return typeof value === "string" ? value : "";
}

/** The member typed ``value`` into ``path``: an edit that keeps the version it began from (the
    field's version now, ``versions[path]``, when it is a new edit). Typing back the saved text
    drops the edit. */
export function noteEdit(draft, path, value, versions, sheet) {
  var edits = Object.assign({}, draft.edits);
  var base = edits[path] ? edits[path].base : (versions[path] || 0);
  if (!draft.conflicts[path] && value === serverValue(sheet, path) && base === (versions[path] || 0)) delete edits[path];
  else edits[path] = { value: value, base: base };
  return Object.assign({}, draft, { edits: edits });
}

/** What a save sends: {fields: {path: {value, base}}}. */
export function toSend(draft) {
  var fields = {};
  Object.keys(draft.edits).forEach(function (path) { fields[path] = Object.assign({}, draft.edits[path]); });
  return { fields: fields };
}

export function hasEdits(draft) {
  return Object.keys(draft.edits).length > 0;
}

/** A save did not get through (no network): kept, to be sent again. */
export function unsent(draft) {
  return Object.assign({}, draft, { pending: true });
}

/** The server's answer to the save of ``sent`` (what toSend gave): the saved fields leave the
    edits (unless typed on meanwhile), the conflicts are kept beside the edits to merge. */
export function afterSave(draft, sent, answer) {
  var edits = Object.assign({}, draft.edits), conflicts = Object.assign({}, draft.conflicts);
  (answer.saved || []).forEach(function (path) {
    var now = edits[path], was = sent.fields[path];
    if (now && was && now.value === was.value) delete edits[path];
    else if (now) edits[path] = { value: now.value, base: (answer.versions || {})[path] || now.base };
    delete conflicts[path];
  });
  (answer.conflicts || []).forEach(function (c) {
    conflicts[c.field] = { mine: c.mine, theirs: c.theirs, version: c.version, by: c.by, byName: c.by_name || null };
  });
  return { round: draft.round, edits: edits, conflicts: conflicts, pending: false };
}

/** The member settles a conflict: "mine" (save mine over theirs), "theirs" (drop mine), or "both"
    (both texts in the field, to edit and save). Returns the draft and the field's text now. */
export function resolve(draft, path, choice) {
  var c = draft.conflicts[path];
  if (!c) return { draft: draft, value: null };
  var edits = Object.assign({}, draft.edits), conflicts = Object.assign({}, draft.conflicts), value;
  delete conflicts[path];
  if (choice === "theirs") { delete edits[path]; value = c.theirs; }
  else {
    value = choice === "both" ? (c.theirs ? c.theirs + "\n" : "") + c.mine : c.mine;
    edits[path] = { value: value, base: c.version };
  }
  return { draft: Object.assign({}, draft, { edits: edits, conflicts: conflicts }), value: value };
}

/** The text a field shows: the member's unsaved edit, else the server's. */
export function shownValue(draft, sheet, path) {
  return draft.edits[path] ? draft.edits[path].value : serverValue(sheet, path);
}

/** "Dots left: 1 of 3" (``T.dots_left`` has %(left)s and %(limit)s). */
export function dotsLine(dots, T) {
  if (!dots) return "";
  return T.dots_left.replace("%(left)s", String(Math.max(0, dots.limit - dots.used))).replace("%(limit)s", String(dots.limit));
}

/** Whether another dot may go on an idea (a dot taken back is always possible). */
export function mayDot(dots, idea) {
  return !!idea.mine || !dots || dots.used < dots.limit;
}
