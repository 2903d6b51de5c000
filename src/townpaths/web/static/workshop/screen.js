/* townpaths workshop: the projection screen (page glue; the logic is in screen-view.js and text.js). */
import { el, live, showStatus, tr } from "./common.js";
import { ballotLine, chart, consensusItems, roundLine, splitItems, worksheetBox } from "./screen-view.js";
import { fixed3, problemNames } from "./text.js";

var root = document.getElementById("screen"), T = tr(), lang = root.dataset.lang;
var SVG = "http://www.w3.org/2000/svg";

function fill(id, items, make) {
  var box = document.getElementById(id);
  box.textContent = "";
  items.forEach(function (item) { box.appendChild(make(item)); });
}

function svg(tag, attrs, text) {
  var e = document.createElementNS(SVG, tag);
  Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (text !== undefined) e.textContent = text;
  return e;
}

function render(s) {
  var names = problemNames(s.problems, lang), current = s.live || {};
  document.getElementById("title").textContent = s.workshop.title;
  document.getElementById("round-line").textContent = roundLine(s, T);
  document.getElementById("count").textContent = current.count || 0;
  document.getElementById("expected").textContent = current.expected || 0;
  root.dataset.round = current.no || "";
  root.dataset.count = current.count || 0;
  fill("consensus", consensusItems(current.tiers), function (c) {
    var li = el("li", { "data-problem": c.problem, "data-rank": c.rank, "class": "consensus-item" });
    li.appendChild(el("span", { "class": "rank" }, c.label));
    li.appendChild(el("span", { "class": "text" }, names[c.problem]));
    return li;
  });
  document.getElementById("kendall-w").textContent = fixed3(current.kendall_w);
  fill("split", splitItems(current.split, names, T), function (d) { return el("li", { "data-problem": d.problem }, d.text); });
  drawChart(chart(s.history, s.problems, names));
  fill("worksheets", (s.worksheets || []).map(function (g) { return worksheetBox(g, names); }), function (w) {
    var box = el("article", { "class": "ws-box" }), ul = el("ul");
    box.appendChild(el("h3", {}, w.heading));
    if (w.title) box.appendChild(el("p", { "class": "card-title" }, w.title));
    w.ideas.forEach(function (text) { ul.appendChild(el("li", {}, text)); });
    box.appendChild(ul);
    return box;
  });
  fill("ballots", s.ballots || [], function (b) { return el("li", {}, ballotLine(b, names)); });
  root.dataset.seq = s.seq;
}

function drawChart(c) {
  var box = document.getElementById("moves");
  while (box.firstChild) box.removeChild(box.firstChild);
  c.axis.forEach(function (a) { box.appendChild(svg("text", { x: a.x, y: a.y, "text-anchor": "middle", "class": "axis" }, a.text)); });
  c.lines.forEach(function (l) {
    box.appendChild(svg("polyline", { points: l.points, fill: "none", stroke: l.colour, "stroke-width": "3", "class": "move",
                                      "data-problem": l.problem }));
    box.appendChild(svg("text", { x: l.label.x, y: l.label.y, "class": "move-label" }, l.label.text));
  });
}

live(root.dataset.events, { state: render }, function (ok) { showStatus(ok, T); });
