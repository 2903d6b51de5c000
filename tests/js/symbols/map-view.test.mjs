import assert from "node:assert/strict";
import test from "node:test";

import {
  OTHER_COLOUR,
  THEME_COLOURS,
  escapeHtml,
  markerStyle,
  parsePoints,
  pointBounds,
  popupLines,
  readMap,
  tiles,
} from "../../../src/townpaths/web/static/symbols/map-view.js";

const TITO = {
  id: 6,
  name: "Tito monument",
  lat: 46.3592,
  lon: 15.1115,
  theme: "socialism",
  themeLabel: "socialism",
  type: "4. memorials in public spaces",
  url: "/towns/velenje/symbols/6",
};
const MINER = { ...TITO, id: 7, name: "Miner (Rudar) monument", lat: 46.3601, lon: 15.113, theme: "industry" };

test("points keep only real places, and their fields as text", () => {
  const json = JSON.stringify([
    TITO,
    { ...TITO, id: 8, lat: 91 },
    { ...TITO, id: 9, lon: "15.1" },
    { ...TITO, id: 10, lat: Number.NaN },
    null,
    { ...MINER, name: 5, url: "https://elsewhere.example/x" },
  ]);
  const points = parsePoints(json);
  assert.deepEqual(
    points.map((p) => p.id),
    [6, 7],
  );
  assert.deepEqual(points[0], TITO);
  assert.equal(points[1].name, "");
  assert.equal(points[1].url, "", "a link goes to a page of this app only");
});

test("broken or missing JSON is no points", () => {
  assert.deepEqual(parsePoints("{not json"), []);
  assert.deepEqual(parsePoints(undefined), []);
  assert.deepEqual(parsePoints('{"lat": 1}'), []);
});

test("bounds around the points", () => {
  assert.equal(pointBounds([]), null);
  assert.deepEqual(pointBounds([TITO, MINER]), [
    [46.3592, 15.1115],
    [46.3601, 15.113],
  ]);
  assert.deepEqual(pointBounds([TITO]), [
    [46.3592, 15.1115],
    [46.3592, 15.1115],
  ]);
});

test("no tile server: the plain plane; a tile server: its URL and an escaped attribution", () => {
  assert.equal(tiles({}), null);
  assert.equal(tiles({ tiles: "  " }), null);
  assert.deepEqual(tiles({ tiles: "https://t.example/{z}/{x}/{y}.png", attribution: '© <b>"OSM"</b> & co' }), {
    url: "https://t.example/{z}/{x}/{y}.png",
    attribution: "© &#60;b&#62;&#34;OSM&#34;&#60;/b&#62; &#38; co",
  });
  assert.equal(escapeHtml("it's"), "it&#39;s");
  assert.equal(escapeHtml(undefined), "");
});

test("the page's data attributes read at once", () => {
  const setup = readMap({ points: JSON.stringify([TITO]), label: "Interactive map of the symbols" });
  assert.deepEqual(setup, {
    points: [TITO],
    bounds: [
      [46.3592, 15.1115],
      [46.3592, 15.1115],
    ],
    tiles: null,
    label: "Interactive map of the symbols",
  });
});

test("markers are coloured by theme like the SVG map", () => {
  assert.equal(markerStyle("socialism").fillColor, "#c0392b");
  assert.equal(markerStyle("coal mining").fillColor, THEME_COLOURS["coal mining"]);
  assert.equal(markerStyle("").fillColor, OTHER_COLOUR);
  assert.deepEqual(markerStyle("industry"), {
    radius: 7,
    color: "#ffffff",
    weight: 1.5,
    fillColor: "#1f6fb2",
    fillOpacity: 0.9,
  });
});

test("a popup names the symbol, links to its page, then its type and theme", () => {
  assert.deepEqual(popupLines(TITO), [
    { text: "Tito monument", href: "/towns/velenje/symbols/6", strong: true },
    { text: "4. memorials in public spaces", href: null, strong: false },
    { text: "socialism", href: null, strong: false },
  ]);
  assert.deepEqual(popupLines({ name: "", url: "", type: "", themeLabel: "" }), [
    { text: "?", href: null, strong: true },
  ]);
});
