/* townpaths workshop: a participant's phone. The draft and its submission token live in
   localStorage, so a refresh, a sleeping phone or a network switch loses nothing; a retry
   sends the same token, so the server never counts it twice. */
"use strict";
(function () {
  var root = document.getElementById("room"), T = TP.tr(), lang = root.dataset.lang;
  var wid = root.dataset.wid, pid = root.dataset.pid, token = root.dataset.token;
  var pub = null, me = null, draft = null, sending = false, retryTimer = null;
  function key(no) { return "tpws:" + wid + ":" + pid + ":" + no; }
  function newToken() {
    var a = new Uint8Array(16); crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function save() { if (draft) { localStorage.setItem(key(draft.round), JSON.stringify(draft)); root.dataset.draft = draft.state; } }
  function names() { var m = {}; (pub ? pub.problems : []).forEach(function (p) { m[p.id] = TP.problemText(p, lang); }); return m; }
  function api(path, body) {
    return fetch("/api/workshops/" + wid + path, {
      method: "POST", headers: { "Content-Type": "application/json", "X-Participant-Token": token },
      body: JSON.stringify(body || {}), credentials: "same-origin"
    });
  }
  function loadDraft(no) {
    var stored = localStorage.getItem(key(no));
    if (stored) { try { draft = JSON.parse(stored); return; } catch (e) { /* fall through */ } }
    draft = { round: no, order: pub.problems.map(function (p) { return p.id; }), token: newToken(), state: "new" };
    save();
  }
  /* A group's ballot handed in by another member replaces a draft that was not being edited. */
  function adoptGroupBallot() {
    if (!me || !me.ballot || !draft || draft.state === "dirty" || draft.state === "pending") return;
    if (me.ballot.client_token === draft.token) { if (draft.state !== "sent") { draft.state = "sent"; save(); } return; }
    draft.order = me.ballot.tiers.map(function (t) { return t[0]; });
    draft.token = me.ballot.client_token; draft.state = "sent"; draft.adopted = true; save();
  }
  function setAck(text) { document.getElementById("ack").textContent = text; }
  function move(i, j) {
    if (j < 0 || j >= draft.order.length || i === j) return;
    var x = draft.order.splice(i, 1)[0]; draft.order.splice(j, 0, x);
    draft.token = newToken(); draft.state = "dirty"; draft.adopted = false; draft.error = null; save();
    renderOrder(j);
  }
  var dragging = false;
  function renderOrder(focusIndex) {
    if (dragging) return;  // a live update must not pull the list from under a finger
    var ol = document.getElementById("order"), m = names(); ol.textContent = "";
    draft.order.forEach(function (id, i) {
      var li = TP.el("li", { "class": "item", tabindex: "0", "data-problem": id, "aria-label": (i + 1) + ". " + m[id] });
      li.appendChild(TP.el("span", { "class": "handle", "aria-hidden": "true" }, "⠿"));
      li.appendChild(TP.el("span", { "class": "text" }, m[id]));
      var up = TP.el("button", { "class": "up", type: "button", "aria-label": T.up + ": " + m[id] }, "▲");
      var down = TP.el("button", { "class": "down", type: "button", "aria-label": T.down + ": " + m[id] }, "▼");
      up.onclick = function () { move(i, i - 1); }; down.onclick = function () { move(i, i + 1); };
      li.appendChild(up); li.appendChild(down);
      li.addEventListener("keydown", function (ev) {
        if (ev.key === "ArrowUp") { ev.preventDefault(); move(i, i - 1); }
        if (ev.key === "ArrowDown") { ev.preventDefault(); move(i, i + 1); }
      });
      li.addEventListener("pointerdown", function (ev) { if (ev.target.tagName !== "BUTTON") startDrag(ev, li, i); });
      ol.appendChild(li);
    });
    if (focusIndex !== undefined) ol.children[focusIndex].focus();
    var st = draft.state;
    setAck(st === "sent" ? (draft.adopted ? T.group_sent : T.received) : st === "pending" ? T.retrying
      : st === "dirty" ? (draft.error ? draft.error : T.draft) : "");
    root.dataset.draft = st;
  }
  function startDrag(ev, li, from) {
    var ol = document.getElementById("order"), items = Array.prototype.slice.call(ol.children), to = from;
    li.setPointerCapture(ev.pointerId); li.classList.add("dragging"); dragging = true;
    function over(e) {
      /* the new index = how many other items have their middle above the pointer */
      to = 0;
      items.forEach(function (it, k) {
        if (k !== from) { var r = it.getBoundingClientRect(); if (e.clientY > r.top + r.height / 2) to++; }
      });
      var mark = to >= from ? to + 1 : to;
      items.forEach(function (it, k) { it.classList.toggle("drop-here", k === mark && to !== from); });
    }
    function up() {
      li.removeEventListener("pointermove", over); li.removeEventListener("pointerup", up); li.classList.remove("dragging");
      dragging = false;
      move(from, to);
    }
    li.addEventListener("pointermove", over); li.addEventListener("pointerup", up);
  }
  function submit() {
    if (!draft || sending) return;
    if (draft.state === "sent") { setAck(T.received); return; }
    sending = true; draft.state = "pending"; save(); setAck(T.sending);
    var sentToken = draft.token;
    api("/ballot", { ranking: draft.order, client_token: sentToken }).then(function (r) {
      return r.json().then(function (body) { return { ok: r.ok, status: r.status, body: body }; });
    }).then(function (res) {
      sending = false;
      if (res.ok) {
        if (draft.token === sentToken) { draft.state = "sent"; draft.adopted = false; save(); }
        root.dataset.acks = String(Number(root.dataset.acks || 0) + 1);
        renderOrder();
      } else { draft.state = "dirty"; draft.error = res.body.error || String(res.status); save(); renderOrder(); }
    }).catch(function () {
      sending = false; setAck(T.retrying);  // network: keep the same token and try again
      clearTimeout(retryTimer); retryTimer = setTimeout(submit, 1500);
    });
  }
  function onState(s) {
    pub = s; render();
  }
  function onMe(m) { me = m; render(); }
  function render() {
    if (!pub) return;
    document.getElementById("who").textContent = me && me.you.nickname ? T.you + ": " + me.you.nickname : "";
    var title = document.getElementById("round-title"), rank = document.getElementById("ranking"), sheet = document.getElementById("sheet");
    var grp = document.getElementById("group");
    var open = pub.rounds.filter(function (r) { return r.status === "open"; })[0];
    root.dataset.round = open ? open.no : "";
    if (pub.workshop.status === "ended" || !open) {
      title.textContent = pub.workshop.status === "ended" ? T.ended : T.waiting;
      rank.hidden = true; sheet.hidden = true; grp.hidden = true; return;
    }
    title.textContent = T.round + " " + open.no + ": " + (T[open.kind] || open.kind);
    if (me && me.group) { grp.hidden = false; grp.textContent = T.your_group + " (" + me.group.label + "): " + me.group.members.join(", "); }
    else grp.hidden = true;
    if (open.kind === "worksheet") { rank.hidden = true; sheet.hidden = false; renderSheet(); return; }
    sheet.hidden = true; rank.hidden = false;
    if (!draft || draft.round !== open.no) loadDraft(open.no);
    if (me && me.round && me.round.no === open.no) adoptGroupBallot();
    renderOrder();
    if (draft.state === "pending" && !sending) submit();
  }
  var sheetShown = null;
  function renderSheet() {
    if (!me || !me.sheet) return;
    var m = names(), s = me.sheet;
    document.getElementById("sheet-problem").textContent = m[s.problem] || "";
    var editing = document.activeElement && document.getElementById("sheet").contains(document.activeElement) && document.activeElement.tagName !== "BUTTON";
    var stamp = JSON.stringify(s.sheet);
    if (!editing && stamp !== sheetShown) {
      sheetShown = stamp;
      document.querySelectorAll("[data-core]").forEach(function (e) { e.value = (s.sheet.core || {})[e.dataset.core] || ""; });
      document.querySelectorAll("[data-card]").forEach(function (e) { e.value = (s.sheet.card || {})[e.dataset.card] || ""; });
      document.querySelectorAll("[data-actor]").forEach(function (e) { e.value = ((s.sheet.card || {}).actors || {})[e.dataset.actor] || ""; });
    }
    var ul = document.getElementById("ideas"); ul.textContent = "";
    s.ideas.forEach(function (i) {
      var li = TP.el("li", { "class": "idea", "data-idea": i.id });
      li.appendChild(TP.el("span", { "class": "text" }, i.text));
      var b = TP.el("button", { type: "button", "class": "dot" + (i.mine ? " mine" : ""), "aria-pressed": i.mine ? "true" : "false" }, "● " + i.dots);
      b.onclick = function () { api("/ideas/" + i.id + "/dot"); };
      li.appendChild(b); ul.appendChild(li);
    });
  }
  function collectSheet() {
    var out = { core: {}, card: { actors: {} } };
    document.querySelectorAll("[data-core]").forEach(function (e) { out.core[e.dataset.core] = e.value; });
    document.querySelectorAll("[data-card]").forEach(function (e) { out.card[e.dataset.card] = e.value; });
    document.querySelectorAll("[data-actor]").forEach(function (e) { if (e.value) out.card.actors[e.dataset.actor] = e.value; });
    return out;
  }
  document.getElementById("submit").addEventListener("click", submit);
  document.getElementById("save-sheet").addEventListener("click", function () {
    var body = collectSheet();
    api("/sheet", body).then(function (r) {
      if (r.ok) { sheetShown = null; document.getElementById("sheet-ack").textContent = T.saved; root.dataset.sheetSaved = "1"; }
    });
  });
  document.getElementById("idea-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var input = document.getElementById("idea-text"), text = input.value.trim();
    if (!text) return;
    api("/ideas", { text: text }).then(function (r) { if (r.ok) input.value = ""; });
  });
  window.addEventListener("online", function () { if (draft && draft.state === "pending") submit(); });
  window.TPRoom = {};
  window.TPRoom.live = TP.live("/api/workshops/" + wid + "/events?me=1", { state: onState, me: onMe }, function (ok) {
    var c = document.getElementById("conn"); c.textContent = ok ? T.connected : T.reconnecting; c.dataset.ok = ok ? "1" : "0";
  });
})();
