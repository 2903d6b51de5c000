/* townpaths workshop: browser glue shared by the phone and the projector: translations, safe
   elements, the live connection (Server-Sent Events) with automatic reconnect (policy in live.js). */
import { RETRY_MS, reopenAfterError, reopenWhenOnline, reopenWhenVisible, statusText } from "./live.js";

/** The page's translations (the JSON in <script id="tr">). */
export function tr() { return JSON.parse(document.getElementById("tr").textContent); }

/** An element with attributes and text: never innerHTML, so all input stays escaped. */
export function el(tag, attrs, text) {
  var e = document.createElement(tag);
  Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

/* Open an EventSource; on error the browser retries by itself, and if it gives up (CLOSED) or
   the phone comes back online or wakes up, a new one is opened. Every (re)connect receives the
   full state first. */
export function live(url, handlers, onStatus) {
  var es = null, timer = null;
  function state() { return es ? es.readyState : null; }
  function later() { if (!timer) timer = setTimeout(function () { timer = null; open(); }, RETRY_MS); }
  function open() {
    if (es) es.close();
    es = new EventSource(url);
    es.onopen = function () { onStatus(true); };
    es.onerror = function () { onStatus(false); if (reopenAfterError(es.readyState)) later(); };
    Object.keys(handlers).forEach(function (name) {
      es.addEventListener(name, function (ev) { onStatus(true); handlers[name](JSON.parse(ev.data)); });
    });
  }
  window.addEventListener("online", function () { if (reopenWhenOnline(state())) open(); });
  document.addEventListener("visibilitychange", function () {
    if (reopenWhenVisible(document.visibilityState, state())) open();
  });
  open();
  /* drop(): what a dead network does to the stream (used by the tests); it comes back by itself. */
  return { reconnect: open, drop: function () { if (es) es.close(); onStatus(false); later(); },
           close: function () { if (es) es.close(); } };
}

/** The "live / reconnecting…" line (#conn), with data-ok for the tests. */
export function showStatus(ok, T) {
  var c = document.getElementById("conn");
  c.textContent = statusText(ok, T);
  c.dataset.ok = ok ? "1" : "0";
}
