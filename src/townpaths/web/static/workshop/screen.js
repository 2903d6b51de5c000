/* townpaths workshop: the projection screen. */
"use strict";
(function () {
  var root = document.getElementById("screen"), T = TP.tr(), lang = root.dataset.lang;
  var COLORS = ["#1b6ca8", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f", "#2e4057", "#c3423f", "#5b8e7d", "#b56576"];
  function fmt(x) { return x === null || x === undefined ? "–" : Number(x).toFixed(3); }
  function render(s) {
    var names = {}; s.problems.forEach(function (p) { names[p.id] = TP.problemText(p, lang); });
    document.getElementById("title").textContent = s.workshop.title;
    var line = document.getElementById("round-line");
    if (s.workshop.status === "ended") line.textContent = T.ended;
    else if (s.current) {
      var r = s.rounds[s.current - 1];
      line.textContent = T.round + " " + r.no + ": " + (T[r.kind] || r.kind) + " (" + (T[r.status] || r.status) + ")";
    } else line.textContent = "";
    var live = s.live || {};
    document.getElementById("count").textContent = live.count || 0;
    document.getElementById("expected").textContent = live.expected || 0;
    root.dataset.round = live.no || "";
    root.dataset.count = live.count || 0;
    var ol = document.getElementById("consensus"); ol.textContent = "";
    var rank = 1;
    (live.tiers || []).forEach(function (tier) {
      tier.forEach(function (pid) {
        var li = TP.el("li", { "data-problem": pid, "data-rank": rank, "class": "consensus-item" });
        li.appendChild(TP.el("span", { "class": "rank" }, tier.length > 1 ? "=" + rank : String(rank)));
        li.appendChild(TP.el("span", { "class": "text" }, names[pid]));
        ol.appendChild(li);
      });
      rank += tier.length;
    });
    document.getElementById("kendall-w").textContent = fmt(live.kendall_w);
    var split = document.getElementById("split"); split.textContent = "";
    (live.split || []).forEach(function (d) {
      split.appendChild(TP.el("li", { "data-problem": d.problem }, names[d.problem] + " (" + T.split + " " + fmt(d.split) + ")"));
    });
    chart(s, names);
    var ws = document.getElementById("worksheets"); ws.textContent = "";
    (s.worksheets || []).forEach(function (g) {
      var box = TP.el("article", { "class": "ws-box" });
      box.appendChild(TP.el("h3", {}, g.label + ": " + (names[g.problem] || "")));
      if (g.title) box.appendChild(TP.el("p", { "class": "card-title" }, g.title));
      var ul = TP.el("ul"); g.ideas.forEach(function (i) { ul.appendChild(TP.el("li", {}, i.text + " ● " + i.dots)); });
      box.appendChild(ul); ws.appendChild(box);
    });
    var bl = document.getElementById("ballots"); bl.textContent = "";
    (s.ballots || []).forEach(function (b) {
      bl.appendChild(TP.el("li", {}, (b.voter || "?") + ": " + b.tiers.map(function (t) { return t.map(function (p) { return names[p]; }).join(" = "); }).join(" > ")));
    });
    root.dataset.seq = s.seq;
  }
  function chart(s, names) {
    var svg = document.getElementById("moves"), ns = "http://www.w3.org/2000/svg";
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var h = s.history || [], n = s.problems.length;
    if (!h.length || !n) return;
    var x = function (i) { return 40 + (h.length === 1 ? 0 : i * 380 / (h.length - 1)); };
    var y = function (r) { return 20 + (r - 1) * 360 / Math.max(1, n - 1); };
    h.forEach(function (round, i) {
      var t = document.createElementNS(ns, "text"); t.setAttribute("x", x(i)); t.setAttribute("y", 398);
      t.setAttribute("text-anchor", "middle"); t.setAttribute("class", "axis"); t.textContent = round.no; svg.appendChild(t);
    });
    s.problems.forEach(function (p, k) {
      var pts = h.map(function (round, i) { var r = round.ranks[String(p.id)]; return r ? x(i) + "," + y(r) : null; }).filter(Boolean);
      if (!pts.length) return;
      var line = document.createElementNS(ns, "polyline");
      line.setAttribute("points", pts.join(" ")); line.setAttribute("fill", "none");
      line.setAttribute("stroke", COLORS[k % COLORS.length]); line.setAttribute("stroke-width", "3");
      line.setAttribute("class", "move"); line.setAttribute("data-problem", p.id);
      svg.appendChild(line);
      var last = pts[pts.length - 1].split(",");
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", Number(last[0]) + 8); label.setAttribute("y", Number(last[1]) + 4);
      label.setAttribute("class", "move-label"); label.textContent = names[p.id].slice(0, 40); svg.appendChild(label);
    });
  }
  TP.live("/api/workshops/" + root.dataset.wid + "/events", { state: render }, function (ok) {
    var c = document.getElementById("conn"); c.textContent = ok ? T.connected : T.reconnecting; c.dataset.ok = ok ? "1" : "0";
  });
})();
