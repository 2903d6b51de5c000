/* townpaths workshop: what the projector shows for the live state (pure; screen.js draws it). */
import { fixed3 } from "./text.js";

export const COLOURS = ["#1b6ca8", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f", "#2e4057", "#c3423f",
                        "#5b8e7d", "#b56576"];

/** "Round 2: pair (open)", "The workshop has ended." or "". */
export function roundLine(state, T) {
  if (state.workshop.status === "ended") return T.ended;
  if (!state.current) return "";
  var r = state.rounds[state.current - 1];
  return T.round + " " + r.no + ": " + (T[r.kind] || r.kind) + " (" + (T[r.status] || r.status) + ")";
}

/** The consensus list from its tiers: competition ranks, tied problems share one shown as "=2". */
export function consensusItems(tiers) {
  var out = [], rank = 1;
  (tiers || []).forEach(function (tier) {
    tier.forEach(function (problem) {
      out.push({ problem: problem, rank: rank, label: tier.length > 1 ? "=" + rank : String(rank) });
    });
    rank += tier.length;
  });
  return out;
}

/** "problem (split 0.250)" for each item that splits the room. */
export function splitItems(split, names, T) {
  return (split || []).map(function (d) {
    return { problem: d.problem, text: names[d.problem] + " (" + T.split + " " + fixed3(d.split) + ")" };
  });
}

/** One worksheet group's box: heading, card title (or null) and its ideas with their dots. */
export function worksheetBox(group, names) {
  return { heading: group.label + ": " + (names[group.problem] || ""), title: group.title || null,
           ideas: group.ideas.map(function (i) { return i.text + " ● " + i.dots; }) };
}

/** An individual ballot as one line: "Ana: first > second = third". */
export function ballotLine(ballot, names) {
  return (ballot.voter || "?") + ": " + ballot.tiers.map(function (t) {
    return t.map(function (p) { return names[p]; }).join(" = ");
  }).join(" > ");
}

/** The rank-moves chart in a 600 x 400 box: the round numbers on the axis and, for every problem
    ranked in some round, a polyline of its rank per round with a label (40 characters) at its end. */
export function chart(history, problems, names) {
  var h = history || [], n = problems.length;
  if (!h.length || !n) return { axis: [], lines: [] };
  var x = function (i) { return 40 + (h.length === 1 ? 0 : i * 380 / (h.length - 1)); };
  var y = function (r) { return 20 + (r - 1) * 360 / Math.max(1, n - 1); };
  var axis = h.map(function (round, i) { return { x: x(i), y: 398, text: String(round.no) }; });
  var lines = [];
  problems.forEach(function (p, k) {
    var pts = [];
    h.forEach(function (round, i) { var r = round.ranks[String(p.id)]; if (r) pts.push([x(i), y(r)]); });
    if (!pts.length) return;
    var last = pts[pts.length - 1];
    lines.push({ problem: p.id, colour: COLOURS[k % COLOURS.length],
                 points: pts.map(function (q) { return q[0] + "," + q[1]; }).join(" "),
                 label: { x: last[0] + 8, y: last[1] + 4, text: (names[p.id] || "").slice(0, 40) } });
  });
  return { axis: axis, lines: lines };
}
