/* townpaths workshop: what the facilitator's console shows of the live state (pure; console.js
   puts it on the page). ``fac`` is the "console" event: participants (connected or not, their group
   in the open round, whether they or their group handed in), groups, rounds with their ballots. */
import { groupName } from "./text.js";

/** One row per participant: id, nickname, sector (translated), connected, group (translated) and
    its stored label, handed in. */
export function peopleRows(fac, T) {
  return fac.participants.map(function (p) {
    return { id: p.id, nickname: p.nickname || "", sector: p.sector ? ((T.sectors || {})[p.sector] || p.sector) : "",
             connected: !!p.connected, dot: p.connected ? "●" : "○", label: p.group || "",
             group: p.group ? groupName(p.group, T) : "", handed: p.submitted ? "✓" : "" };
  });
}

/** One row per group of the open round: its name, members, and what it handed in (a ranking: ✓;
    a worksheet: how many fields are filled). */
export function groupRows(fac, T) {
  return fac.groups.map(function (g) {
    return { label: g.label, name: groupName(g.label, T), members: g.members,
             handed: g.fields !== null && g.fields !== undefined ? g.fields + " " + T.fields : (g.submitted ? "✓" : "") };
  });
}

/** Whether people can be moved between groups now (an open pair, group or worksheet round). */
export function movable(fac) {
  return fac.open_round !== null && fac.groups.length > 0 &&
    ["pair", "group", "worksheet"].indexOf(fac.open_kind) >= 0;
}

/** Ballots of each round, by round number. */
export function roundBallots(fac) {
  var out = {};
  fac.rounds.forEach(function (r) { out[r.no] = r.kind === "worksheet" ? "" : String(r.ballots); });
  return out;
}
