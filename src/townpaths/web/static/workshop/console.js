/* townpaths workshop: the facilitator's console, live (page glue; the logic is in console-view.js).
   Participants, who is connected now, and what each round and group handed in follow the
   workshop's live stream without a reload. */
import { el, live, showStatus, tr } from "./common.js";
import { groupRows, movable, peopleRows, roundBallots } from "./console-view.js";

var root = document.getElementById("console"), T = tr(), latest = null;

function moveForm(fac, row) {
  var form = el("form", { method: "post", action: root.dataset.move, "class": "inline" });
  [["csrf", root.dataset.csrf], ["round_no", String(fac.open_round)], ["participant", String(row.id)]].forEach(function (f) {
    form.appendChild(el("input", { type: "hidden", name: f[0], value: f[1] }));
  });
  var select = el("select", { name: "group", "aria-label": T.move_to });
  groupRows(fac, T).forEach(function (g) {
    var option = el("option", { value: g.label }, g.name);
    if (g.label === row.label) option.selected = true;
    select.appendChild(option);
  });
  form.appendChild(select);
  form.appendChild(document.createTextNode(" "));
  form.appendChild(el("button", {}, T.move));
  return form;
}

function render(fac) {
  document.getElementById("connected").textContent = String(fac.connected);
  document.getElementById("participants").textContent = String(fac.participants.length);
  root.dataset.seq = String(fac.seq);
  var ballots = roundBallots(fac);
  Object.keys(ballots).forEach(function (no) {
    var cell = document.querySelector("#round-" + no + " .round-ballots");
    if (cell) cell.textContent = ballots[no];
  });
  var groups = document.querySelector("#groups tbody");
  groups.textContent = "";
  groupRows(fac, T).forEach(function (g) {
    var tr_ = el("tr", { "data-group": g.label });
    [g.name, String(g.members), g.handed].forEach(function (text, k) {
      tr_.appendChild(el("td", k === 2 ? { "class": "handed" } : {}, text));
    });
    groups.appendChild(tr_);
  });
  var people = document.querySelector("#people tbody"), canMove = movable(fac);
  latest = fac;
  if (people.contains(document.activeElement)) return;  // not under a facilitator choosing a group
  people.textContent = "";
  peopleRows(fac, T).forEach(function (p) {
    var row = el("tr", { "data-participant": p.id });
    row.appendChild(el("td", {}, String(p.id)));
    row.appendChild(el("td", {}, p.nickname));
    row.appendChild(el("td", {}, p.sector));
    row.appendChild(el("td", { "class": "connected", "data-connected": p.connected ? "1" : "0" }, p.dot));
    row.appendChild(el("td", { "class": "group" }, p.group));
    row.appendChild(el("td", { "class": "handed" }, p.handed));
    var cell = el("td");
    if (canMove) cell.appendChild(moveForm(fac, p));
    row.appendChild(cell);
    people.appendChild(row);
  });
}

function state(s) {
  var current = s.live || {};
  var count = document.getElementById("count"), expected = document.getElementById("expected");
  if (count) count.textContent = String(current.count || 0);
  if (expected) expected.textContent = String(current.expected || 0);
  document.getElementById("participants").textContent = String(s.participants);
}

document.querySelector("#people tbody").addEventListener("focusout", function () {
  setTimeout(function () { if (latest && !document.querySelector("#people tbody").contains(document.activeElement)) render(latest); }, 0);
});
window.TPConsole = { live: live(root.dataset.events, { state: state, console: render }, function (ok) { showStatus(ok, T); }) };
