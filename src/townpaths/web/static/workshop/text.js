/* townpaths workshop: texts shared by the phone and the projector (pure). */

/** A problem's text in the page language: Slovene when there is one, else English. */
export function problemText(problem, lang) {
  return lang === "sl" ? (problem.text_sl || problem.text_en) : problem.text_en;
}

/** {problem id: text} for the problems of the live state. */
export function problemNames(problems, lang) {
  var names = {};
  (problems || []).forEach(function (p) { names[p.id] = problemText(p, lang); });
  return names;
}

/** A statistic with three decimals, "–" when there is none (no ballots yet). */
export function fixed3(x) {
  return x === null || x === undefined ? "–" : Number(x).toFixed(3);
}

/** A translation with its %(name)s placeholders filled from ``params``. */
export function fill(text, params) {
  return String(text).replace(/%\((\w+)\)s/g, function (whole, key) {
    return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole;
  });
}

/** A group's label in the page's language: "pair 3" -> T["pair %(n)s"] with n = 3; a name the
    facilitator gave a group stays as it is. */
export function groupName(label, T) {
  var found = /^(pair|group|worksheet) (\d+)$/.exec(label || "");
  if (!found) return label || "";
  var key = (found[1] === "worksheet" ? "worksheet group" : found[1]) + " %(n)s";
  return fill(T[key] || key, { n: found[2] });
}
