/* townpaths workshop: when the live connection (Server-Sent Events) is opened again.
   Pure decisions on EventSource ready states; common.js wires them to the browser. */

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;

/** Milliseconds to wait before a new EventSource replaces one the browser gave up on. */
export const RETRY_MS = 1000;

/** After an error the browser retries by itself; only a CLOSED source needs a new one. */
export function reopenAfterError(readyState) {
  return readyState === CLOSED;
}

/** Back online: open again unless a source is open (``readyState`` null: there is none). */
export function reopenWhenOnline(readyState) {
  return readyState === null || readyState === undefined || readyState !== OPEN;
}

/** The page became visible again (a phone woke up): open again if there is no live source. */
export function reopenWhenVisible(visibility, readyState) {
  return visibility === "visible" && (readyState === null || readyState === undefined || readyState === CLOSED);
}

/** The connection line: ``T`` has "connected" and "reconnecting". */
export function statusText(ok, T) {
  return ok ? T.connected : T.reconnecting;
}
