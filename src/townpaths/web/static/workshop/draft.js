/* townpaths workshop: the phone's ballot draft, as plain data and pure functions.

   A draft is {round, order, token, state, adopted, error}:
   - order: problem ids, most pressing first;
   - token: the client token of this version of the draft; every change gets a new one, a retry
     sends the same one, so the server counts a draft once;
   - state: "new" (never changed), "dirty" (changed, not sent), "pending" (sent, no answer yet),
     "sent" (the server has it);
   - adopted: the ballot came from another member of the pair/group;
   - error: the server's refusal of the last submission, shown until the next change.
   Functions never change a draft: they return a new one, or the same object when nothing changes. */

export const STATES = ["new", "dirty", "pending", "sent"];

/** The localStorage key of a participant's draft of one round. */
export function storageKey(workshopId, participantId, round) {
  return "tpws:" + workshopId + ":" + participantId + ":" + round;
}

/** Random bytes (a Uint8Array or array of 0-255) as lower-case hex: the client token. */
export function hexToken(bytes) {
  return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
}

/** A fresh draft of a round: the problems in the given order. */
export function newDraft(round, problemIds, token) {
  return { round: round, order: problemIds.slice(), token: token, state: "new", adopted: false, error: null };
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
  return { round: d.round, order: d.order.slice(), token: d.token, state: d.state, adopted: d.adopted === true,
           error: typeof d.error === "string" ? d.error : null };
}

/** Move the problem at index ``from`` to index ``to`` (the others shift). A move outside the list
    or onto itself changes nothing; any real move gets the new ``token`` and makes the draft dirty. */
export function moveTo(draft, from, to, token) {
  var n = draft.order.length;
  if (from < 0 || from >= n || to < 0 || to >= n || from === to) return draft;
  var order = draft.order.slice(), moved = order.splice(from, 1)[0];
  order.splice(to, 0, moved);
  return { round: draft.round, order: order, token: token, state: "dirty", adopted: false, error: null };
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

/** What the phone sends for the draft. */
export function submission(draft) {
  return { ranking: draft.order.slice(), client_token: draft.token };
}

export function pending(draft) {
  return Object.assign({}, draft, { state: "pending" });
}

/** The server took the ballot sent with ``sentToken``; a draft changed meanwhile stays as it is. */
export function accepted(draft, sentToken) {
  if (draft.token !== sentToken) return draft;
  return Object.assign({}, draft, { state: "sent", adopted: false });
}

/** The server refused the ballot: the draft is editable again and shows the error. */
export function refused(draft, error) {
  return Object.assign({}, draft, { state: "dirty", error: error });
}

/** A ballot of the phone's pair/group (``me`` of the live "me" event) replaces a draft of the same
    round that is not being edited or sent; the draft's own ballot coming back only marks it sent. */
export function adoptBallot(draft, me) {
  if (!draft || !me || !me.ballot || !me.round || me.round.no !== draft.round) return draft;
  if (draft.state === "dirty" || draft.state === "pending") return draft;
  var ballot = me.ballot;
  if (ballot.client_token === draft.token) {
    return draft.state === "sent" ? draft : Object.assign({}, draft, { state: "sent" });
  }
  return { round: draft.round, order: ballot.tiers.map(function (t) { return t[0]; }), token: ballot.client_token,
           state: "sent", adopted: true, error: null };
}

/** Whether a submission should go out by itself (a pending one after a reload or reconnect). */
export function shouldResend(draft, sending) {
  return !!draft && draft.state === "pending" && !sending;
}

/** The line under the list: ``T`` is the page's translations (received, group_sent, retrying, draft). */
export function acknowledgement(draft, T) {
  switch (draft.state) {
    case "sent": return draft.adopted ? T.group_sent : T.received;
    case "pending": return T.retrying;
    case "dirty": return draft.error ? draft.error : T.draft;
    default: return "";
  }
}
