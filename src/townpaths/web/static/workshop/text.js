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
