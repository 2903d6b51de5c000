// Coding page: turn a text selection into code-point positions and send it; edit and delete segments.
(function () {
  "use strict";
  var root = document.getElementById("transcript");
  if (!root) return;
  var api = root.dataset.api, interviewId = Number(root.dataset.interview), length = Number(root.dataset.length);
  var coderInput = document.getElementById("coder"), codeSelect = document.getElementById("code");
  var memoInput = document.getElementById("memo"), message = document.getElementById("message");

  if (!coderInput.value) coderInput.value = localStorage.getItem("townpaths.coder") || "";

  function codePoints(s) { var n = 0; for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xDC00 || c > 0xDFFF) n++; } return n; }

  // A DOM position inside the transcript -> code-point offset in the transcript text.
  function offset(node, off) {
    if (node === root) {
      return off < root.children.length ? Number(root.children[off].dataset.start) : length;
    }
    var span = (node.nodeType === 3 ? node.parentElement : node).closest("span[data-start]");
    if (!span || !root.contains(span)) return null;
    var base = Number(span.dataset.start);
    if (node.nodeType === 3) return base + codePoints(node.data.slice(0, off));
    return off === 0 ? base : base + codePoints(span.textContent);
  }

  function selected() {
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    var r = sel.getRangeAt(0);
    if (!root.contains(r.commonAncestorContainer) && r.commonAncestorContainer !== root) return null;
    var a = offset(r.startContainer, r.startOffset), b = offset(r.endContainer, r.endOffset);
    if (a === null || b === null) return null;
    return a < b ? { start: a, end: b } : (b < a ? { start: b, end: a } : null);
  }

  function show(text) { message.textContent = text; message.hidden = !text; }

  function send(method, url, body) {
    return fetch(url, { method: method, headers: { "Content-Type": "application/json" },
                        body: body ? JSON.stringify(body) : undefined })
      .then(function (res) {
        if (res.ok) return res;
        return res.json().catch(function () { return { detail: res.statusText }; })
          .then(function (data) { show(data.detail); return null; });
      });
  }

  function apply(codeId) {
    var span = selected();
    if (!span) { show(root.dataset.msgSelect); return; }
    var coder = coderInput.value.trim();
    if (!coder) { show(root.dataset.msgCoder); coderInput.focus(); return; }
    localStorage.setItem("townpaths.coder", coder);
    send("POST", api, { interview_id: interviewId, code_id: Number(codeId), start: span.start, end: span.end,
                        coder: coder, memo: memoInput.value || null })
      .then(function (res) { if (res) location.reload(); });
  }

  // keyboard selection without caret browsing: arrows move, Shift + arrows extend (Ctrl: by word)
  root.tabIndex = 0;
  root.addEventListener("keydown", function (e) {
    var keys = { ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
                 ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
                 Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"] };
    var move = keys[e.key];
    if (!move || !root.firstElementChild) return;
    var sel = window.getSelection();
    if (!sel.rangeCount || !root.contains(sel.anchorNode)) sel.collapse(root.firstElementChild.firstChild, 0);
    var unit = (e.ctrlKey || e.altKey) && move[1] === "character" ? "word" : move[1];
    sel.modify(e.shiftKey ? "extend" : "move", move[0], unit);
    e.preventDefault();
  });

  document.getElementById("apply").addEventListener("click", function () { apply(codeSelect.value); });
  document.addEventListener("keydown", function (e) {
    var tag = (e.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "Enter") { if (selected()) { e.preventDefault(); apply(codeSelect.value); } return; }
    var option = codeSelect.querySelector('option[data-key="' + e.key + '"]');
    if (option && selected()) { e.preventDefault(); codeSelect.value = option.value; apply(option.value); }
  });

  document.querySelectorAll("#segments .segment").forEach(function (item) {
    var id = item.dataset.id;
    item.querySelector(".delete").addEventListener("click", function () {
      send("DELETE", api + "/" + id).then(function (res) { if (res) location.reload(); });
    });
    item.querySelector(".save").addEventListener("click", function () {
      send("PATCH", api + "/" + id, { code_id: Number(item.querySelector(".edit-code").value),
                                      start: Number(item.querySelector(".edit-start").value),
                                      end: Number(item.querySelector(".edit-end").value),
                                      memo: item.querySelector(".edit-memo").value })
        .then(function (res) { if (res) location.reload(); });
    });
    // hovering a margin entry outlines its passage
    item.addEventListener("mouseenter", function () { mark(id, true); });
    item.addEventListener("mouseleave", function () { mark(id, false); });
  });

  function mark(id, on) {
    root.querySelectorAll("span[data-segments]").forEach(function (s) {
      if ((" " + s.dataset.segments + " ").indexOf(" " + id + " ") >= 0) s.classList.toggle("focus", on);
    });
  }
})();
