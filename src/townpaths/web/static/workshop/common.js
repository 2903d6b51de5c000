/* townpaths workshop: live connection (Server-Sent Events) with automatic reconnect. */
"use strict";
window.TP = (function () {
  function tr() { return JSON.parse(document.getElementById("tr").textContent); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;   // never innerHTML: all input escaped
    return e;
  }
  /* Open an EventSource; on error the browser retries by itself, and if it gives up
     (readyState CLOSED) or the phone comes back online, a new one is opened. Every
     (re)connect receives the full state first. */
  function live(url, handlers, onStatus) {
    var es = null, timer = null;
    function later() { if (!timer) timer = setTimeout(function () { timer = null; open(); }, 1000); }
    function open() {
      if (es) es.close();
      es = new EventSource(url);
      es.onopen = function () { onStatus(true); };
      es.onerror = function () {
        onStatus(false);
        if (es.readyState === 2) later();
      };
      Object.keys(handlers).forEach(function (name) {
        es.addEventListener(name, function (ev) { onStatus(true); handlers[name](JSON.parse(ev.data)); });
      });
    }
    window.addEventListener("online", function () { if (!es || es.readyState !== 1) open(); });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && (!es || es.readyState === 2)) open();
    });
    open();
    /* drop(): what a dead network does to the stream (used by the tests); it comes back by itself. */
    return { reconnect: open, drop: function () { if (es) es.close(); onStatus(false); later(); },
             close: function () { if (es) es.close(); } };
  }
  function problemText(p, lang) { return lang === "sl" ? (p.text_sl || p.text_en) : p.text_en; }
  return { tr: tr, el: el, live: live, problemText: problemText };
})();
