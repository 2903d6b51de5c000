/* townpaths workshop: the projection screen (page glue; the logic is in screen-view.js and text.js).
   Everything fits one screen: the consensus list shrinks its text until it fits (never below 2.23vh,
   24 px at 1080 lines; then one line per problem), and a full-screen button hides the browser. */
import { el, live, showStatus, tr } from "./common.js";
import { ballotLine, chart, consensusItems, roundLine, splitItems, worksheetBox } from "./screen-view.js";
import { fixed3, problemNames } from "./text.js";

var root = document.getElementById("screen"), T = tr(), lang = root.dataset.lang;
var SVG = "http://www.w3.org/2000/svg";
/** The consensus list's text: from 2.6vh down to 2.23vh (24 px at 1080p), in steps. */
var SIZES = [2.6, 2.5, 2.4, 2.3, 2.23];

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

/** Shrink the consensus list's text until the list fits its column; two lines per problem, then one. */
function fit() {
  var list = document.getElementById("consensus");
  var tries = [];
  [2, 1].forEach(function (lines) { SIZES.forEach(function (size) { tries.push([size, lines]); }); });
  for (var k = 0; k < tries.length; k++) {
    list.style.setProperty("--item-size", tries[k][0] + "vh");
    list.style.setProperty("--item-lines", String(tries[k][1]));
    if (list.scrollHeight <= list.clientHeight + 1) break;
  }
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
  var split = splitItems(current.split, names, T);
  document.getElementById("split-box").hidden = split.length === 0;
  fill("split", split, function (d) { return el("li", { "data-problem": d.problem }, d.text); });
  var sheets = (s.worksheets || []).map(function (g) { return worksheetBox(g, names, T); });
  document.getElementById("moves").hidden = sheets.length > 0;  // the worksheet round shows the worksheets instead
  drawChart(chart(s.history, s.problems, names));
  fill("worksheets", sheets, function (w) {
    var box = el("article", { "class": "ws-box" }), ul = el("ul");
    box.appendChild(el("h3", {}, w.heading));
    if (w.title) box.appendChild(el("p", { "class": "card-title" }, w.title));
    w.ideas.forEach(function (text) { ul.appendChild(el("li", {}, text)); });
    box.appendChild(ul);
    return box;
  });
  fill("ballots", s.ballots || [], function (b) { return el("li", {}, ballotLine(b, names)); });
  fit();
  root.dataset.seq = s.seq;
}

function drawChart(c) {
  var box = document.getElementById("moves");
  while (box.firstChild) box.removeChild(box.firstChild);
  c.axis.forEach(function (a) { box.appendChild(svg("text", { x: a.x, y: a.y, "text-anchor": "middle", "class": "axis" }, a.text)); });
  c.lines.forEach(function (l) {
    box.appendChild(svg("polyline", { points: l.points, fill: "none", stroke: l.colour, "stroke-width": "4", "class": "move",
                                      "data-problem": l.problem }));
    box.appendChild(svg("text", { x: l.label.x, y: l.label.y, "class": "move-label", fill: l.colour }, l.label.text));
  });
}

document.getElementById("fullscreen").addEventListener("click", function () {
  if (document.fullscreenElement) document.exitFullscreen();
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
});
window.addEventListener("resize", fit);
live(root.dataset.events, { state: render }, function (ok) { showStatus(ok, T); });
