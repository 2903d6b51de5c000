// Upload forms (form[data-upload]): files larger than their input allows are refused before
// anything is sent; a large upload is sent with XMLHttpRequest so its progress shows; the server's
// answer (the result page, or the refused rows) then replaces the page. Without JavaScript the
// forms post as they are.
import { fill, oversized, progressText, showsProgress, sizeText, totalBytes } from "./progress.js";

function inputsOf(form) {
  return [...form.querySelectorAll("input[type=file]")].map((input) => ({
    maxBytes: Number(input.dataset.maxBytes || 0),
    files: [...(input.files || [])].map((f) => ({ name: f.name, size: f.size })),
  }));
}

function say(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

function showAnswer(xhr) {
  const doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
  document.title = doc.title;
  document.body.replaceWith(document.adoptNode(doc.body));
  if (xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
  bind(document);
}

function send(form, bytes) {
  const line = form.querySelector(".upload-progress");
  const bar = line.querySelector("progress");
  const text = line.querySelector(".progress-text");
  const refused = form.querySelector(".upload-refused");
  const button = form.querySelector("button[type=submit]");
  const xhr = new XMLHttpRequest();
  xhr.open("POST", form.action);
  xhr.upload.addEventListener("progress", (event) => {
    const total = event.lengthComputable ? event.total : bytes;
    bar.value = total > 0 ? (100 * event.loaded) / total : 0;
    text.textContent = progressText(form.dataset.textProgress, event.loaded, total);
  });
  xhr.upload.addEventListener("load", () => {
    bar.value = 100;
    text.textContent = form.dataset.textReading;
  });
  xhr.addEventListener("load", () => showAnswer(xhr));
  xhr.addEventListener("error", () => {
    line.hidden = true;
    button.disabled = false;
    say(refused, form.dataset.textFailed);
  });
  line.hidden = false;
  button.disabled = true;
  say(refused, "");
  xhr.send(new FormData(form));
}

export function bind(root) {
  for (const form of root.querySelectorAll("form[data-upload]")) {
    if (form.dataset.bound) continue;
    form.dataset.bound = "1";
    form.addEventListener("submit", (event) => {
      const inputs = inputsOf(form);
      const refused = form.querySelector(".upload-refused");
      const large = oversized(inputs);
      if (large.length) {
        event.preventDefault();
        say(refused, fill(form.dataset.textTooLarge, { file: large[0].name, size: sizeText(large[0].maxBytes) }));
        return;
      }
      const bytes = totalBytes(inputs);
      if (showsProgress(bytes) && typeof XMLHttpRequest !== "undefined") {
        event.preventDefault();
        send(form, bytes);
      }
    });
  }
}

bind(document);
