/* townpaths workshop: a participant's phone (page glue; the logic is in draft.js, sheet.js,
   room-view.js, text.js and live.js). The ballot draft with its submission token and the unsaved
   worksheet edits live in localStorage, so a refresh, a sleeping phone or a network switch loses
   nothing; a retry sends the same token, so the server never counts it twice. A problem moves only
   by its handle (a swipe anywhere else scrolls), and the page scrolls by itself while a problem is
   dragged near the top or bottom edge. */
import { el, live, showStatus, tr } from "./common.js";
import * as D from "./draft.js";
import { groupLine, heading, ideaDot, ideaText, keyStep, orderItems, startNote, whoLine } from "./room-view.js";
import * as W from "./sheet.js";
import { problemNames } from "./text.js";

var root = document.getElementById("room"), T = tr(), lang = root.dataset.lang;
var wid = root.dataset.wid, pid = root.dataset.pid, token = root.dataset.token;
var pub = null, me = null, draft = null, sending = false, retryTimer = null, dragging = false;
var sheet = null, sheetSending = false;
/** Pixels from the screen's top or the submit bar where dragging scrolls, and the fastest step. */
var EDGE = 72, STEP = 18;

function newToken() { var a = new Uint8Array(16); crypto.getRandomValues(a); return D.hexToken(a); }
function names() { return problemNames(pub ? pub.problems : [], lang); }
function nextSeq() {
  var key = D.seqKey(wid, pid), n = D.nextSeq(localStorage.getItem(key), Date.now());
  localStorage.setItem(key, String(n));
  return n;
}
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
function answer(r) {
  return r.json().catch(function () { return {}; }).then(function (data) { return { ok: r.ok, status: r.status, body: data }; });
}
/** The round's draft: the one kept on this phone, else a new one where the server says this phone
    starts (false while that is not known yet). */
function loadDraft(no) {
  var ids = pub.problems.map(function (p) { return p.id; });
  var stored = D.restore(localStorage.getItem(D.storageKey(wid, pid, no)), no, ids);
  if (stored) { draft = stored; return true; }
  if (!me || !me.round || me.round.no !== no || !me.start) return false;
  setDraft(D.newDraft(no, D.startOrder(me.start, names(), lang), newToken()));
  return true;
}
function setAck(text) { document.getElementById("ack").textContent = text; }
function showPartner(text) {
  var box = document.getElementById("partner");
  box.hidden = !text;
  box.textContent = text || "";
}
function move(from, to) {
  if (setDraft(D.moveTo(draft, from, to, newToken()))) { showPartner(""); renderOrder(to); }
}

function renderOrder(focusIndex) {
  if (dragging) return;  // a live update must not pull the list from under a finger
  var ol = document.getElementById("order");
  ol.textContent = "";
  var start = me && me.round && me.round.no === draft.round ? me.start : null;
  document.getElementById("start-note").textContent = startNote(start, T);
  orderItems(draft.order, names(), T, start ? start.disputed : null).forEach(function (item, i) {
    var li = el("li", { "class": "item", tabindex: "0", "data-problem": item.id, "aria-label": item.label });
    var handle = el("button", { "class": "handle", type: "button", "aria-label": item.drag }, "⠿");
    li.appendChild(handle);
    li.appendChild(el("span", { "class": "text" }, item.text));
    if (item.disputed) li.appendChild(el("span", { "class": "disputed", title: item.disputed.label, "aria-label": item.disputed.label }, item.disputed.text));
    var up = el("button", { "class": "up", type: "button", "aria-label": item.up }, "▲");
    var down = el("button", { "class": "down", type: "button", "aria-label": item.down }, "▼");
    up.onclick = function () { move(i, i - 1); };
    down.onclick = function () { move(i, i + 1); };
    li.appendChild(up); li.appendChild(down);
    li.addEventListener("keydown", function (ev) {
      var step = keyStep(ev.key);
      if (step) { ev.preventDefault(); move(i, i + step); }
    });
    handle.addEventListener("pointerdown", function (ev) { startDrag(ev, handle, li, i); });
    ol.appendChild(li);
  });
  if (focusIndex !== undefined) ol.children[focusIndex].focus();
  setAck(D.acknowledgement(draft, T));
  root.dataset.draft = draft.state;
}

/* Drag by the handle: the item follows the finger, the page scrolls near the edges, the item lands
   where the finger leaves it. */
function startDrag(ev, handle, li, from) {
  if (ev.button !== undefined && ev.button > 0) return;
  ev.preventDefault();
  var items = Array.prototype.slice.call(document.getElementById("order").children), to = from;
  var y = ev.clientY, startY = ev.clientY + window.scrollY, frame = 0;
  handle.setPointerCapture(ev.pointerId); li.classList.add("dragging"); dragging = true;
  root.dataset.dragging = "1";
  function mark() {
    li.style.transform = "translateY(" + (y + window.scrollY - startY) + "px)";
    var middles = items.map(function (it, k) {
      if (k === from) { return 0; }
      var r = it.getBoundingClientRect(); return r.top + r.height / 2;
    });
    to = D.dropIndex(from, middles, y);
    var target = D.dropMark(from, to);
    items.forEach(function (it, k) { it.classList.toggle("drop-here", k === target); });
  }
  function tick() {
    var bottom = Math.min(window.innerHeight, document.querySelector("#ranking .submit-bar").getBoundingClientRect().top);
    var step = D.autoScrollStep(y, 0, bottom, EDGE, STEP);
    if (step) { window.scrollBy(0, step); mark(); }
    frame = requestAnimationFrame(tick);
  }
  function over(e) { y = e.clientY; mark(); }
  function end(e) {
    cancelAnimationFrame(frame);
    handle.removeEventListener("pointermove", over); handle.removeEventListener("pointerup", end);
    handle.removeEventListener("pointercancel", end);
    li.classList.remove("dragging"); li.style.transform = "";
    items.forEach(function (it) { it.classList.remove("drop-here"); });
    dragging = false; root.dataset.dragging = "0";
    if (e.type === "pointerup") move(from, to);
    if (e.type !== "pointerup" || to === from) renderOrder();
  }
  handle.addEventListener("pointermove", over); handle.addEventListener("pointerup", end);
  handle.addEventListener("pointercancel", end);
  frame = requestAnimationFrame(tick);
}

function submit() {
  if (!draft || sending) return;
  if (draft.state === "sent") { setAck(D.acknowledgement(draft, T)); return; }
  sending = true; setDraft(D.pending(draft, nextSeq())); setAck(T.sending);
  var body = D.submission(draft);
  api("/ballot", body).then(answer).then(function (res) {
    sending = false;
    if (res.ok) {
      setDraft(D.accepted(draft, body.client_token));
      showPartner("");
      root.dataset.acks = String(Number(root.dataset.acks || 0) + 1);
    } else if (res.status === 409 && res.body.ballot) {  // a partner's newer ranking: shown first
      setDraft(D.partnerBallot(draft, res.body.ballot));
      showPartner(res.body.error);
    } else if (res.status === 403) setDraft(D.refused(draft, res.body.error, newToken()));
    else setDraft(D.refused(draft, res.body.error || String(res.status)));
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
  var form = document.getElementById("sheet"), grp = document.getElementById("group");
  var h = heading(pub, T);
  root.dataset.round = h.round;
  title.textContent = h.title;
  if (h.mode === "ended" || h.mode === "waiting") { rank.hidden = true; form.hidden = true; grp.hidden = true; return; }
  var group = groupLine(me, T);
  grp.hidden = group === null;
  if (group !== null) grp.textContent = group;
  if (h.mode === "worksheet") { rank.hidden = true; form.hidden = false; renderSheet(); return; }
  form.hidden = true;
  if ((!draft || draft.round !== h.round) && !loadDraft(h.round)) { rank.hidden = true; return; }
  rank.hidden = false;
  setDraft(D.adoptBallot(draft, me));
  renderOrder();
  if (D.shouldResend(draft, sending)) submit();
}

// --- the worksheet ------------------------------------------------------------------------------

function setSheet(next) {
  sheet = next;
  localStorage.setItem(W.storageKey(wid, pid, sheet.round), W.serialise(sheet));
  root.dataset.sheetEdits = String(Object.keys(sheet.edits).length);
  root.dataset.sheetConflicts = String(Object.keys(sheet.conflicts).length);
}
function sheetAck(text) { document.getElementById("sheet-ack").textContent = text; }
function fields() { return Array.prototype.slice.call(document.querySelectorAll("#sheet [data-field]")); }

function renderConflict(path) {
  var wrap = document.querySelector('#sheet [data-wrap="' + path + '"]'), c = sheet.conflicts[path];
  var old = wrap.querySelector(".conflict");
  if (old) wrap.removeChild(old);
  if (!c) return;
  var box = el("div", { "class": "conflict", "data-conflict": path, role: "group" });
  box.appendChild(el("p", {}, T.theirs.replace("%(name)s", c.byName || T.someone)));
  box.appendChild(el("blockquote", { "class": "theirs" }, c.theirs));
  box.appendChild(el("p", {}, T.mine));
  box.appendChild(el("blockquote", { "class": "mine" }, c.mine));
  [["theirs", T.keep_theirs], ["mine", T.keep_mine], ["both", T.keep_both]].forEach(function (choice) {
    var b = el("button", { type: "button", "data-choice": choice[0] }, choice[1]);
    b.onclick = function () {
      var r = W.resolve(sheet, path, choice[0]);
      setSheet(r.draft);
      wrap.querySelector("[data-field]").value = r.value;
      renderConflict(path);
      sheetAck(W.hasEdits(sheet) ? T.sheet_pending + " " + T.merge_hint : "");
    };
    box.appendChild(b);
  });
  box.appendChild(el("p", { "class": "help" }, T.merge_hint));
  wrap.appendChild(box);
}

function renderSheet() {
  if (!me || !me.sheet || !me.round) return;
  if (!sheet || sheet.round !== me.round.no) setSheet(W.restore(localStorage.getItem(W.storageKey(wid, pid, me.round.no)), me.round.no));
  var s = me.sheet, active = document.activeElement;
  document.getElementById("sheet-problem").textContent = names()[s.problem] || "";
  fields().forEach(function (f) {
    if (f !== active) f.value = W.shownValue(sheet, s.sheet, f.dataset.field);
    renderConflict(f.dataset.field);
  });
  document.getElementById("dots-left").textContent = W.dotsLine(s.dots, T);
  var ul = document.getElementById("ideas");
  ul.textContent = "";
  s.ideas.forEach(function (i) {
    var li = el("li", { "class": "idea", "data-idea": i.id }), dot = ideaDot(i, s.dots);
    li.appendChild(el("span", { "class": "text" }, i.text));
    var b = el("button", { type: "button", "class": dot.cls, "aria-pressed": dot.pressed }, dot.label);
    b.onclick = function () {
      api("/ideas/" + i.id + "/dot").then(answer).then(function (res) {
        var box = document.getElementById("dots-error");
        box.hidden = res.ok;
        box.textContent = res.ok ? "" : (res.body.error || String(res.status));
      });
    };
    li.appendChild(b); ul.appendChild(li);
  });
  if (sheet.pending && !sheetSending) saveSheet();
}

function saveSheet() {
  if (!sheet || sheetSending) return;
  if (!W.hasEdits(sheet)) { sheetAck(T.saved); root.dataset.sheetSaved = "1"; return; }
  sheetSending = true; sheetAck(T.sheet_saving);
  var body = W.toSend(sheet);
  api("/sheet", body).then(answer).then(function (res) {
    sheetSending = false;
    if (res.ok || (res.status === 409 && res.body.conflicts)) {
      setSheet(W.afterSave(sheet, body, res.body));
      fields().forEach(function (f) { renderConflict(f.dataset.field); });
      sheetAck(res.ok ? T.saved : res.body.error);
      if (res.ok) root.dataset.sheetSaved = "1";
    } else sheetAck(res.body.error || String(res.status));
  }).catch(function () {
    sheetSending = false;
    setSheet(W.unsent(sheet));  // kept on the phone, sent again when the network returns
    sheetAck(T.sheet_offline);
  });
}

fields().forEach(function (f) {
  f.addEventListener("input", function () {
    if (!me || !me.sheet || !sheet) return;
    setSheet(W.noteEdit(sheet, f.dataset.field, f.value, me.sheet.versions || {}, me.sheet.sheet));
    sheetAck(W.hasEdits(sheet) ? T.sheet_pending : "");
  });
});

document.getElementById("submit").addEventListener("click", submit);
document.getElementById("save-sheet").addEventListener("click", saveSheet);
document.getElementById("idea-form").addEventListener("submit", function (ev) {
  ev.preventDefault();
  var input = document.getElementById("idea-text"), text = ideaText(input.value);
  if (text) api("/ideas", { text: text }).then(function (r) { if (r.ok) input.value = ""; });
});
window.addEventListener("online", function () {
  if (draft && draft.state === "pending") submit();
  if (sheet && sheet.pending) saveSheet();
});
window.TPRoom = {
  live: live(root.dataset.events,
             { state: function (s) { pub = s; render(); }, me: function (m) { me = m; render(); } },
             function (ok) {
               showStatus(ok, T);
               if (ok && sheet && sheet.pending && !sheetSending) saveSheet();
             })
};
