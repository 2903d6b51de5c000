/* townpaths workshop: the phone's ballot draft, as plain data and pure functions.

   A draft is {round, order, token, seq, base, state, adopted, by, error}:
   - order: problem ids, most pressing first;
   - token: the client token of this version of the draft; every change gets a new one, a retry
     sends the same one, so the server counts a draft once;
   - seq: the phone's sequence number of this version, given when it is first sent (a retry sends
     the same); the server never lets an older version replace a newer one of the same phone;
   - base: the token of the group ballot this phone last saw (its own, or one it was shown); the
     server refuses to replace a partner's newer ballot the phone has not seen yet;
   - state: "new" (never changed), "dirty" (changed, not sent), "pending" (sent, no answer yet),
     "sent" (the server has it);
   - adopted: the ballot came from another member of the pair/group (by: that member's nickname);
   - error: the server's refusal of the last submission, shown until the next change.
   Functions never change a draft: they return a new one, or the same object when nothing changes. */

export const STATES = ["new", "dirty", "pending", "sent"];

/** The localStorage key of a participant's draft of one round. */
export function storageKey(workshopId, participantId, round) {
  return "tpws:" + workshopId + ":" + participantId + ":" + round;
}

/** The localStorage key of the last sequence number a participant's phone gave out. */
export function seqKey(workshopId, participantId) {
  return "tpws:seq:" + workshopId + ":" + participantId;
}

/** The next sequence number: above the last one, and at least the clock's milliseconds, so it keeps
    growing even when the phone forgot the last one (cleared storage). */
export function nextSeq(last, now) {
  var previous = Number(last);
  if (!isFinite(previous) || previous < 0) previous = 0;
  return Math.max(Math.floor(previous) + 1, Math.floor(now));
}

/** Random bytes (a Uint8Array or array of 0-255) as lower-case hex: the client token. */
export function hexToken(bytes) {
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
}

function make(fields) {
  return { round: fields.round, order: fields.order, token: fields.token, seq: fields.seq === undefined ? null : fields.seq,
           base: fields.base === undefined ? null : fields.base, state: fields.state, adopted: !!fields.adopted,
           by: fields.by === undefined ? null : fields.by, error: fields.error === undefined ? null : fields.error };
}

/** A fresh draft of a round: the problems in the given order. */
export function newDraft(round, problemIds, token) {
  return make({ round: round, order: problemIds.slice(), token: token, state: "new" });
}

/** Where a round's list starts: the order the server drew for this phone (or its group's
    consensus), or, for an alphabetical start, the problems sorted by their names in the page's
    language. ``start`` is the "me" event's {mode, order}. */
export function startOrder(start, names, lang) {
  var order = start.order.slice();
  if (start.mode !== "alphabetical") return order;
  return order.sort(function (a, b) {
    return String(names[a] || "").localeCompare(String(names[b] || ""), lang, { sensitivity: "base" }) || a - b;
  });
}

export function serialise(draft) {
  return JSON.stringify(draft);
}

function samePermutation(order, problemIds) {
  if (!Array.isArray(order) || order.length !== problemIds.length) return false;
  var want = problemIds.slice().sort(), got = order.slice().sort();
  return want.every(function (id, i) { return id === got[i]; });
}

/** A stored draft back, or null when the text is missing, not JSON, of another round, or
    ranks other problems than the round's (then the phone starts a new draft). */
export function restore(text, round, problemIds) {
  if (!text) return null;
  var d;
  try { d = JSON.parse(text); } catch (e) { return null; }
  if (!d || typeof d !== "object" || d.round !== round || typeof d.token !== "string" || !d.token) return null;
  if (STATES.indexOf(d.state) < 0 || !samePermutation(d.order, problemIds)) return null;
  return make({ round: d.round, order: d.order.slice(), token: d.token, seq: typeof d.seq === "number" ? d.seq : null,
                base: typeof d.base === "string" ? d.base : null, state: d.state, adopted: d.adopted === true,
                by: typeof d.by === "string" ? d.by : null, error: typeof d.error === "string" ? d.error : null });
}

/** Move the problem at index ``from`` to index ``to`` (the others shift). A move outside the list
    or onto itself changes nothing; any real move gets the new ``token`` and makes the draft dirty. */
export function moveTo(draft, from, to, token) {
  var n = draft.order.length;
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return draft;
  var order = draft.order.slice(), moved = order.splice(from, 1)[0];
  order.splice(to, 0, moved);
  return make({ round: draft.round, order: order, token: token, base: draft.base, state: "dirty" });
}

export function moveUp(draft, index, token) { return moveTo(draft, index, index - 1, token); }

export function moveDown(draft, index, token) { return moveTo(draft, index, index + 1, token); }

/** Where a dragged item lands: the number of other items whose middle is above the pointer.
    ``middles``: the vertical middle of every item, top to bottom; ``y``: the pointer. */
export function dropIndex(from, middles, y) {
  var to = 0;
  middles.forEach(function (m, k) { if (k !== from && y > m) to++; });
  return to;
}

/** The item to mark as "drop here" (the one the dragged item lands before), or -1. */
export function dropMark(from, to) {
  if (to === from) return -1;
  return to > from ? to + 1 : to;
}

/** How far to scroll the page in one animation frame while dragging with the pointer at ``y``:
    negative (up) within ``edge`` pixels of ``top``, positive (down) within ``edge`` of ``bottom``,
    faster the closer to the edge (at most ``most`` pixels), else 0. */
export function autoScrollStep(y, top, bottom, edge, most) {
  if (y < top + edge) return -Math.ceil(most * Math.min(1, (top + edge - y) / edge));
  if (y > bottom - edge) return Math.ceil(most * Math.min(1, (y - (bottom - edge)) / edge));
  return 0;
}

/** What the phone sends for the draft. */
export function submission(draft) {
  var out = { ranking: draft.order.slice(), client_token: draft.token };
  if (draft.seq !== null) out.seq = draft.seq;
  if (draft.base !== null) out.base = draft.base;
  return out;
}

/** The draft on its way: it keeps the sequence number it was first sent with (a retry sends the same). */
export function pending(draft, seq) {
  return Object.assign({}, draft, { state: "pending", seq: draft.seq === null ? seq : draft.seq });
}

/** The server took the ballot sent with ``sentToken``; a draft changed meanwhile stays as it is
    (but it now knows the group's ballot is its own). */
export function accepted(draft, sentToken) {
  if (draft.token !== sentToken) return Object.assign({}, draft, { base: sentToken });
  return Object.assign({}, draft, { state: "sent", adopted: false, by: null, base: sentToken });
}

/** The server refused the ballot: the draft is editable again and shows the error; with ``token``
    (a token the server will never take again) it gets that new token. */
export function refused(draft, error, token) {
  var out = Object.assign({}, draft, { state: "dirty", error: error });
  if (token) { out.token = token; out.seq = null; }
  return out;
}

function fromBallot(round, ballot) {
  return make({ round: round, order: ballot.tiers.map(function (t) { return t[0]; }), token: ballot.client_token,
                base: ballot.client_token, state: "sent", adopted: true, by: ballot.by || null });
}

/** A ballot of the phone's pair/group (``me`` of the live "me" event) replaces a draft of the same
    round that is not being edited or sent; the draft's own ballot coming back only marks it sent. */
export function adoptBallot(draft, me) {
  if (!draft || !me || !me.ballot || !me.round || me.round.no !== draft.round) return draft;
  if (draft.state === "dirty" || draft.state === "pending") return draft;
  var ballot = me.ballot;
  if (ballot.client_token === draft.token) {
    return draft.state === "sent" && draft.base === draft.token ? draft
      : Object.assign({}, draft, { state: "sent", base: draft.token });
  }
  return fromBallot(draft.round, ballot);
}

/** A partner's newer group ballot the server handed back instead of taking this phone's: the
    phone shows it (its member may change it and submit again, which then replaces it). */
export function partnerBallot(draft, ballot) {
  return fromBallot(draft.round, ballot);
}

/** Whether a submission should go out by itself (a pending one after a reload or reconnect). */
export function shouldResend(draft, sending) {
  return !!draft && draft.state === "pending" && !sending;
}

/** The line under the list: ``T`` is the page's translations (received, group_sent, group_sent_by,
    retrying, draft). */
export function acknowledgement(draft, T) {
  switch (draft.state) {
    case "sent":
      if (!draft.adopted) return T.received;
      return draft.by && T.group_sent_by ? T.group_sent_by.replace("%(name)s", draft.by) : T.group_sent;
    case "pending": return T.retrying;
    case "dirty": return draft.error ? draft.error : T.draft;
    default: return "";
  }
}
