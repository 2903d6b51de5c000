/* townpaths workshop: what the projector shows for the live state (pure; screen.js draws it). */
import { fixed3, groupName } from "./text.js";

export const COLOURS = ["#1b6ca8", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f", "#2e4057", "#c3423f",
                        "#5b8e7d", "#b56576"];

/** "Round 2: pair (open)", "The workshop has ended." or "". */
export function roundLine(state, T) {
  if (state.workshop.status === "ended") return T.ended;
  if (!state.current) return "";
  var r = state.rounds[state.current - 1];
  return T.round + " " + r.no + ": " + (T[r.kind] || r.kind) + " (" + (T[r.status] || r.status) + ")";
}

/** The consensus list from its tiers: competition ranks, tied problems share one shown as "=2"
    (the list itself has no numbers of its own, so each rank shows once). */
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

/** One worksheet group's box: heading (the group's name in the page's language and its problem),
    card title (or null) and its ideas with their dots. */
export function worksheetBox(group, names, T) {
  return { heading: groupName(group.label, T || {}) + ": " + (names[group.problem] || ""), title: group.title || null,
           ideas: group.ideas.map(function (i) { return i.text + " ● " + i.dots; }) };
}

/** An individual ballot as one line: "Ana: first > second = third". */
export function ballotLine(ballot, names) {
  return (ballot.voter || "?") + ": " + ballot.tiers.map(function (t) {
    return t.map(function (p) { return names[p]; }).join(" = ");
  }).join(" > ");
}

/** The chart's box (SVG user units) and where its parts go: the lines between ``left`` and
    ``right``, each problem's label after its line's end, cut to ``labelChars`` characters, in type of
    ``font`` units (the page scales the box to the screen: 26 units are at least 24 px at 1080p). */
export const CHART = { width: 1000, height: 640, left: 30, right: 380, top: 30, bottom: 590, font: 26, labelChars: 36 };

/** A label cut to ``n`` characters, with "…" when cut. */
export function cut(text, n) {
  var s = String(text || "");
  return s.length > n ? s.slice(0, n - 1).trimEnd() + "…" : s;
}

/** The rank-moves chart in the CHART box: the round numbers on the axis and, for every problem
    ranked in some round, a polyline of its rank per round with a label at its end. Labels of
    problems that end on the same rank are stacked, so none overlaps another or leaves the box. */
export function chart(history, problems, names) {
  var h = history || [], n = problems.length, C = CHART;
  if (!h.length || !n) return { axis: [], lines: [] };
  var x = function (i) { return C.left + (h.length === 1 ? 0 : i * (C.right - C.left) / (h.length - 1)); };
  var y = function (r) { return C.top + (r - 1) * (C.bottom - C.top) / Math.max(1, n - 1); };
  var axis = h.map(function (round, i) { return { x: x(i), y: C.height - 8, text: String(round.no) }; });
  var lines = [], used = {};
  problems.forEach(function (p, k) {
    var pts = [];
    h.forEach(function (round, i) { var r = round.ranks[String(p.id)]; if (r) pts.push([x(i), y(r)]); });
    if (!pts.length) return;
    var last = pts[pts.length - 1], ly = last[1] + C.font / 3, step = C.font * 1.05;
    while (used[Math.round(ly)]) ly += step;
    used[Math.round(ly)] = true;
    lines.push({ problem: p.id, colour: COLOURS[k % COLOURS.length],
                 points: pts.map(function (q) { return q[0] + "," + q[1]; }).join(" "),
                 label: { x: C.right + 12, y: Math.min(ly, C.height - C.font), text: cut(names[p.id], C.labelChars) } });
  });
  return { axis: axis, lines: lines };
}
