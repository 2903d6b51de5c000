// What an upload form shows while its files are sent: plain values in, text out (no DOM).

/** Files larger than this are sent with a progress line; smaller ones as a plain form. */
export const PROGRESS_FROM_BYTES = 1024 * 1024;

/** Whole percent of `loaded` out of `total` (0 when the total is unknown), from 0 to 100. */
export function percent(loaded, total) {
  if (!(total > 0) || !(loaded > 0)) return 0;
  return Math.min(100, Math.floor((loaded / total) * 100));
}

/** A size as the forms state it: "50 MB", "1.5 GB", "800 KB", "12 B" (powers of 1024). */
export function sizeText(bytes) {
  const units = [["GB", 1024 ** 3], ["MB", 1024 ** 2], ["KB", 1024]];
  for (const [unit, scale] of units) {
    if (bytes >= scale) {
      const value = bytes / scale;
      return Number.isInteger(value) ? `${value} ${unit}` : `${value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} B`;
}

/** `template` with each `%(name)s` replaced by `values[name]` (the server's translated texts). */
export function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) => (name in values ? String(values[name]) : whole))
    .replace(/%%/g, "%");
}

/** The progress line: "Sent 12.5 MB of 50 MB (25 %)" in the page's language (`template`). */
export function progressText(template, loaded, total) {
  return fill(template, { done: sizeText(loaded), total: sizeText(total), percent: percent(loaded, total) });
}

/**
 * The files chosen in a form that are larger than their input allows: `inputs` are
 * `{maxBytes, files: [{name, size}]}`; returns `[{name, maxBytes}]` in the order chosen.
 */
export function oversized(inputs) {
  const out = [];
  for (const input of inputs) {
    for (const file of input.files) {
      if (input.maxBytes > 0 && file.size > input.maxBytes) out.push({ name: file.name, maxBytes: input.maxBytes });
    }
  }
  return out;
}

/** The bytes of every chosen file together. */
export function totalBytes(inputs) {
  return inputs.reduce((sum, input) => sum + input.files.reduce((s, f) => s + f.size, 0), 0);
}

/** Is an upload of `bytes` sent with a progress line? */
export function showsProgress(bytes) {
  return bytes >= PROGRESS_FROM_BYTES;
}
