/* townpaths coding page (page glue; the logic is in offsets.js and keys.js): turn a text
   selection into code point positions and send it; edit and delete segments. */
import * as K from "./keys.js";
import { covers, locate, offsetAtRunEdge, offsetBetweenRuns, offsetInRun, orderedRange } from "./offsets.js";

var root = document.getElementById("transcript");
if (root) setUp(root);

// Choosing a coder in the filter shows that coder's segments (no inline handler: the page's
// Content-Security-Policy allows scripts from files only).
var filter = document.getElementById("filter");
if (filter) filter.addEventListener("change", function () { filter.form.submit(); });

function setUp(root) {
  var api = root.dataset.api, interviewId = Number(root.dataset.interview), length = Number(root.dataset.length);
  var codeSelect = document.getElementById("code");
  var memoInput = document.getElementById("memo"), message = document.getElementById("message");
  var spans = Array.prototype.slice.call(root.children);
  var runs = spans.map(function (s) { return { start: Number(s.dataset.start), text: s.textContent }; });

  // A DOM position inside the transcript -> code point offset in the transcript text, or null.
  function offset(node, off) {
    if (node === root) return offsetBetweenRuns(runs, length, off);
    var span = (node.nodeType === 3 ? node.parentElement : node).closest("span[data-start]");
    var k = spans.indexOf(span);
    if (k < 0) return null;
    return node.nodeType === 3 ? offsetInRun(runs[k], off) : offsetAtRunEdge(runs[k], off);
  }

  function selected() {
    var sel = window.getSelection();
    if (!sel.rangeCount || sel.isCollapsed) return null;
    var r = sel.getRangeAt(0);
    if (!root.contains(r.commonAncestorContainer)) return null;
    return orderedRange(offset(r.startContainer, r.startOffset), offset(r.endContainer, r.endOffset));
  }

  function show(text) { message.textContent = text; message.hidden = !text; }

  function send(method, url, body) {
    return fetch(url, { method: method, headers: { "Content-Type": "application/json" },
                        body: body ? JSON.stringify(body) : undefined })
      .then(function (res) {
        if (res.ok) return res;
        return res.json().catch(function () { return null; })
          .then(function (data) { show(K.problemDetail(data, res.statusText)); return null; });
      });
  }

  function apply(codeId) {
    var req = K.newSegment(interviewId, codeId, selected(), memoInput.value);
    if (req.error === "select") { show(root.dataset.msgSelect); return; }
    send("POST", api, req.body).then(function (res) { if (res) location.reload(); });
  }

  // keyboard selection without caret browsing: arrows move, Shift + arrows extend (Ctrl/Alt: by word)
  root.tabIndex = 0;
  root.addEventListener("keydown", function (e) {
    var move = K.caretMove(e.key, e.shiftKey, e.ctrlKey || e.altKey);
    if (!move || !runs.length) return;
    var sel = window.getSelection();
    if (!sel.rangeCount || !root.contains(sel.anchorNode)) {
      var at = locate(runs, runs[0].start);
      sel.collapse(spans[at.run].firstChild, at.utf16);
    }
    sel.modify(move[0], move[1], move[2]);
    e.preventDefault();
  });

  document.getElementById("apply").addEventListener("click", function () { apply(codeSelect.value); });
  document.addEventListener("keydown", function (e) {
    if (!K.shortcutAllowed(e.target.tagName, e)) return;
    if (e.key === "Enter") { if (selected()) { e.preventDefault(); apply(codeSelect.value); } return; }
    var option = codeSelect.querySelector('option[data-key="' + CSS.escape(e.key) + '"]');
    if (option && selected()) { e.preventDefault(); codeSelect.value = option.value; apply(option.value); }
  });

  document.querySelectorAll("#segments .segment").forEach(function (item) {
    var id = item.dataset.id, remove = item.querySelector(".delete"), save = item.querySelector(".save");
    // only the segments the person may change have the buttons (their own; a researcher's: all)
    if (remove) remove.addEventListener("click", function () {
      send("DELETE", api + "/" + id).then(function (res) { if (res) location.reload(); });
    });
    if (save) save.addEventListener("click", function () {
      send("PATCH", api + "/" + id, K.segmentEdit(item.querySelector(".edit-code").value, item.querySelector(".edit-start").value,
                                                   item.querySelector(".edit-end").value, item.querySelector(".edit-memo").value))
        .then(function (res) { if (res) location.reload(); });
    });
    // hovering a margin entry outlines its passage
    item.addEventListener("mouseenter", function () { mark(id, true); });
    item.addEventListener("mouseleave", function () { mark(id, false); });
  });

  function mark(id, on) {
    spans.forEach(function (s) { if (covers(s.dataset.segments, id)) s.classList.toggle("focus", on); });
  }
}
