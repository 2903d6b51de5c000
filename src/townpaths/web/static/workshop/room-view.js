/* townpaths workshop: what the phone shows for the live state (pure; room.js puts it on the page). */

/** The open round of the public state, or null. */
export function openRound(pub) {
  return pub.rounds.filter(function (r) { return r.status === "open"; })[0] || null;
}

/** The heading and mode of the phone: mode is "ended", "waiting", "ranking" or "worksheet";
    round is the open round's number or "" (the page's data-round). */
export function heading(pub, T) {
  var open = openRound(pub);
  var round = open ? open.no : "";
  if (pub.workshop.status === "ended") return { mode: "ended", round: round, title: T.ended };
  if (!open) return { mode: "waiting", round: round, title: T.waiting };
  return { mode: open.kind === "worksheet" ? "worksheet" : "ranking", round: round,
           title: T.round + " " + open.no + ": " + (T[open.kind] || open.kind) };
}

/** "You: nickname", or "" before the participant is known or without a nickname. */
export function whoLine(me, T) {
  return me && me.you && me.you.nickname ? T.you + ": " + me.you.nickname : "";
}

/** "Your group (A): Ana, Bor", or null when the phone is in no pair/group. */
export function groupLine(me, T) {
  if (!me || !me.group) return null;
  return T.your_group + " (" + me.group.label + "): " + me.group.members.join(", ");
}

/** The ranking list: one entry per problem with its accessible labels. */
export function orderItems(order, names, T) {
  return order.map(function (id, i) {
    return { id: id, text: names[id], label: (i + 1) + ". " + names[id],
             up: T.up + ": " + names[id], down: T.down + ": " + names[id] };
  });
}

/** The step a key moves a focused problem: -1 (ArrowUp), +1 (ArrowDown) or 0. */
export function keyStep(key) {
  return key === "ArrowUp" ? -1 : key === "ArrowDown" ? 1 : 0;
}

/** The value of a worksheet field: kind "core", "card" or "actor" (actors by sector in the card). */
export function sheetValue(sheet, kind, name) {
  var part = kind === "core" ? sheet.core : kind === "card" ? sheet.card : (sheet.card || {}).actors;
  return (part || {})[name] || "";
}

/** The worksheet to save from the form's fields [{kind, name, value}]; empty actors are left out. */
export function collectSheet(fields) {
  var out = { core: {}, card: { actors: {} } };
  fields.forEach(function (f) {
    if (f.kind === "core") out.core[f.name] = f.value;
    else if (f.kind === "card") out.card[f.name] = f.value;
    else if (f.kind === "actor" && f.value) out.card.actors[f.name] = f.value;
  });
  return out;
}

/** An idea's dot button: its label, class and aria-pressed. */
export function ideaDot(idea) {
  return { label: "● " + idea.dots, cls: "dot" + (idea.mine ? " mine" : ""), pressed: idea.mine ? "true" : "false" };
}

/** A trimmed new idea, or null when there is nothing to add. */
export function ideaText(value) {
  var text = (value || "").trim();
  return text ? text : null;
}
