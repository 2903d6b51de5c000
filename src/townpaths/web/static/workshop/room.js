/* townpaths workshop: a participant's phone (page glue; the logic is in draft.js, room-view.js,
   text.js and live.js). The draft and its submission token live in localStorage, so a refresh,
   a sleeping phone or a network switch loses nothing; a retry sends the same token, so the
   server never counts it twice. */
import { el, live, showStatus, tr } from "./common.js";
import * as D from "./draft.js";
import { collectSheet, groupLine, heading, ideaDot, ideaText, keyStep, orderItems, sheetValue, whoLine }
  from "./room-view.js";
import { problemNames } from "./text.js";

var root = document.getElementById("room"), T = tr(), lang = root.dataset.lang;
var wid = root.dataset.wid, pid = root.dataset.pid, token = root.dataset.token;
var pub = null, me = null, draft = null, sending = false, retryTimer = null, dragging = false, sheetShown = null;

function newToken() { var a = new Uint8Array(16); crypto.getRandomValues(a); return D.hexToken(a); }
function names() { return problemNames(pub ? pub.problems : [], lang); }
function setDraft(next) {
  if (next === draft) return false;
  draft = next;
  localStorage.setItem(D.storageKey(wid, pid, draft.round), D.serialise(draft));
  root.dataset.draft = draft.state;
  return true;
}
function api(path, body) {
  return fetch(root.dataset.api + path, {
    method: "POST", headers: { "Content-Type": "application/json", "X-Participant-Token": token },
    body: JSON.stringify(body || {}), credentials: "same-origin"
  });
}
function loadDraft(no) {
  var ids = pub.problems.map(function (p) { return p.id; });
  var stored = D.restore(localStorage.getItem(D.storageKey(wid, pid, no)), no, ids);
  if (stored) draft = stored;
  else setDraft(D.newDraft(no, ids, newToken()));
}
function setAck(text) { document.getElementById("ack").textContent = text; }
function move(from, to) {
  if (setDraft(D.moveTo(draft, from, to, newToken()))) renderOrder(to);
}

function renderOrder(focusIndex) {
  if (dragging) return;  // a live update must not pull the list from under a finger
  var ol = document.getElementById("order");
  ol.textContent = "";
  orderItems(draft.order, names(), T).forEach(function (item, i) {
    var li = el("li", { "class": "item", tabindex: "0", "data-problem": item.id, "aria-label": item.label });
    li.appendChild(el("span", { "class": "handle", "aria-hidden": "true" }, "⠿"));
    li.appendChild(el("span", { "class": "text" }, item.text));
    var up = el("button", { "class": "up", type: "button", "aria-label": item.up }, "▲");
    var down = el("button", { "class": "down", type: "button", "aria-label": item.down }, "▼");
    up.onclick = function () { move(i, i - 1); };
    down.onclick = function () { move(i, i + 1); };
    li.appendChild(up); li.appendChild(down);
    li.addEventListener("keydown", function (ev) {
      var step = keyStep(ev.key);
      if (step) { ev.preventDefault(); move(i, i + step); }
    });
    li.addEventListener("pointerdown", function (ev) { if (ev.target.tagName !== "BUTTON") startDrag(ev, li, i); });
    ol.appendChild(li);
  });
  if (focusIndex !== undefined) ol.children[focusIndex].focus();
  setAck(D.acknowledgement(draft, T));
  root.dataset.draft = draft.state;
}

function startDrag(ev, li, from) {
  var items = Array.prototype.slice.call(document.getElementById("order").children), to = from;
  li.setPointerCapture(ev.pointerId); li.classList.add("dragging"); dragging = true;
  function over(e) {
    var middles = items.map(function (it) { var r = it.getBoundingClientRect(); return r.top + r.height / 2; });
    to = D.dropIndex(from, middles, e.clientY);
    var mark = D.dropMark(from, to);
    items.forEach(function (it, k) { it.classList.toggle("drop-here", k === mark); });
  }
  function up() {
    li.removeEventListener("pointermove", over); li.removeEventListener("pointerup", up);
    li.classList.remove("dragging");
    dragging = false;
    move(from, to);
  }
  li.addEventListener("pointermove", over); li.addEventListener("pointerup", up);
}

function submit() {
  if (!draft || sending) return;
  if (draft.state === "sent") { setAck(T.received); return; }
  sending = true; setDraft(D.pending(draft)); setAck(T.sending);
  var body = D.submission(draft);
  api("/ballot", body).then(function (r) {
    return r.json().then(function (data) { return { ok: r.ok, status: r.status, body: data }; });
  }).then(function (res) {
    sending = false;
    if (res.ok) {
      setDraft(D.accepted(draft, body.client_token));
      root.dataset.acks = String(Number(root.dataset.acks || 0) + 1);
    } else setDraft(D.refused(draft, res.body.error || String(res.status)));
    renderOrder();
  }).catch(function () {
    sending = false; setAck(T.retrying);  // network: keep the same token and try again
    clearTimeout(retryTimer); retryTimer = setTimeout(submit, 1500);
  });
}

function render() {
  if (!pub) return;
  document.getElementById("who").textContent = whoLine(me, T);
  var title = document.getElementById("round-title"), rank = document.getElementById("ranking");
  var sheet = document.getElementById("sheet"), grp = document.getElementById("group");
  var h = heading(pub, T);
  root.dataset.round = h.round;
  title.textContent = h.title;
  if (h.mode === "ended" || h.mode === "waiting") { rank.hidden = true; sheet.hidden = true; grp.hidden = true; return; }
  var group = groupLine(me, T);
  grp.hidden = group === null;
  if (group !== null) grp.textContent = group;
  if (h.mode === "worksheet") { rank.hidden = true; sheet.hidden = false; renderSheet(); return; }
  sheet.hidden = true; rank.hidden = false;
  if (!draft || draft.round !== h.round) loadDraft(h.round);
  setDraft(D.adoptBallot(draft, me));
  renderOrder();
  if (D.shouldResend(draft, sending)) submit();
}

var SHEET_FIELDS = [["core", "[data-core]"], ["card", "[data-card]"], ["actor", "[data-actor]"]];
function sheetFields() {
  var out = [];
  SHEET_FIELDS.forEach(function (f) {
    document.querySelectorAll(f[1]).forEach(function (e) { out.push({ kind: f[0], name: e.dataset[f[0]], value: e.value, el: e }); });
  });
  return out;
}

function renderSheet() {
  if (!me || !me.sheet) return;
  var s = me.sheet, form = document.getElementById("sheet"), active = document.activeElement;
  document.getElementById("sheet-problem").textContent = names()[s.problem] || "";
  var editing = active && form.contains(active) && active.tagName !== "BUTTON";
  var stamp = JSON.stringify(s.sheet);
  if (!editing && stamp !== sheetShown) {
    sheetShown = stamp;
    sheetFields().forEach(function (f) { f.el.value = sheetValue(s.sheet, f.kind, f.name); });
  }
  var ul = document.getElementById("ideas");
  ul.textContent = "";
  s.ideas.forEach(function (i) {
    var li = el("li", { "class": "idea", "data-idea": i.id }), dot = ideaDot(i);
    li.appendChild(el("span", { "class": "text" }, i.text));
    var b = el("button", { type: "button", "class": dot.cls, "aria-pressed": dot.pressed }, dot.label);
    b.onclick = function () { api("/ideas/" + i.id + "/dot"); };
    li.appendChild(b); ul.appendChild(li);
  });
}

document.getElementById("submit").addEventListener("click", submit);
document.getElementById("save-sheet").addEventListener("click", function () {
  api("/sheet", collectSheet(sheetFields())).then(function (r) {
    if (r.ok) { sheetShown = null; document.getElementById("sheet-ack").textContent = T.saved; root.dataset.sheetSaved = "1"; }
  });
});
document.getElementById("idea-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var input = document.getElementById("idea-text"), text = ideaText(input.value);
  if (text) api("/ideas", { text: text }).then(function (r) { if (r.ok) input.value = ""; });
});
window.addEventListener("online", function () { if (draft && draft.state === "pending") submit(); });
window.TPRoom = {
  live: live(root.dataset.events,
             { state: function (s) { pub = s; render(); }, me: function (m) { me = m; render(); } },
             function (ok) { showStatus(ok, T); })
};
