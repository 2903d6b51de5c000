/* townpaths workshop: what the phone shows for the live state (pure; room.js puts it on the page). */
import { fill, groupName } from "./text.js";

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

/** "Your group (pair 3): Ana, Bor" in the page's language, or null when the phone is in no pair/group. */
export function groupLine(me, T) {
  if (!me || !me.group) return null;
  return T.your_group + " (" + groupName(me.group.label, T) + "): " + me.group.members.join(", ");
}

/** "2nd to 5th" as the list shows it: "2–5". */
export function rankRange(range) {
  return range[0] === range[1] ? String(range[0]) : range[0] + "–" + range[1];
}

/** The ranking list: one entry per problem with its accessible labels and, for a pair or group,
    the ranks its members gave a problem they placed differently (``disputed``: id -> [best, worst]). */
export function orderItems(order, names, T, disputed) {
  var marks = disputed || {};
  return order.map(function (id, i) {
    var range = marks[String(id)];
    return { id: id, text: names[id], label: (i + 1) + ". " + names[id],
             up: T.up + ": " + names[id], down: T.down + ": " + names[id], drag: T.drag + ": " + names[id],
             disputed: range ? { text: "◆ " + rankRange(range), label: fill(T.disputed, { range: rankRange(range) }) } : null };
  });
}

/** The line above the list: how this round's list started (drawn at random, alphabetical, or the
    group's consensus with the disagreements marked). */
export function startNote(start, T) {
  if (!start) return "";
  return { random: T.start_random, alphabetical: T.start_alphabetical, group: T.start_group }[start.mode] || "";
}

/** The step a key moves a focused problem: -1 (ArrowUp), +1 (ArrowDown) or 0. */
export function keyStep(key) {
  return key === "ArrowUp" ? -1 : key === "ArrowDown" ? 1 : 0;
}

/** An idea's dot button: its label, class, aria-pressed, and whether it is spent (no dot left to
    give, and none on this idea to take back). */
export function ideaDot(idea, dots) {
  var spent = !idea.mine && !!dots && dots.used >= dots.limit;
  return { label: "● " + idea.dots, cls: "dot" + (idea.mine ? " mine" : "") + (spent ? " spent" : ""),
           pressed: idea.mine ? "true" : "false", spent: spent };
}

/** A trimmed new idea, or null when there is nothing to add. */
export function ideaText(value) {
  var text = (value || "").trim();
  return text ? text : null;
}
