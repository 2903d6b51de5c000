// The interactive symbol map's data, as plain values (no DOM, no Leaflet): what the page's
// data attributes say, the markers' look, the popups' lines. Tested with node (tests/js/symbols).

// The colours of the themes, as in the SVG map (townpaths.studies.symbols.core.map.THEME_COLOURS).
export const THEME_COLOURS = {
  industry: "#1f6fb2",
  "coal mining": "#3a3a3a",
  socialism: "#c0392b",
  mixed: "#8e44ad",
};
export const OTHER_COLOUR = "#7f8c8d";

function text(value) {
  return typeof value === "string" ? value : "";
}

function inRange(value, limit) {
  return typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= limit;
}

// The points of the map from the page's JSON: only those with a real place, their fields as text.
export function parsePoints(json) {
  let data;
  try {
    data = JSON.parse(json || "[]");
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data
    .filter((p) => p && inRange(p.lat, 90) && inRange(p.lon, 180))
    .map((p) => ({
      id: p.id,
      name: text(p.name),
      lat: p.lat,
      lon: p.lon,
      theme: text(p.theme),
      themeLabel: text(p.themeLabel),
      type: text(p.type),
      url: text(p.url).startsWith("/") ? text(p.url) : "",
    }));
}

// [[south, west], [north, east]] around the points, or null for none.
export function pointBounds(points) {
  if (!points.length) return null;
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  return [
    [Math.min(...lats), Math.min(...lons)],
    [Math.max(...lats), Math.max(...lons)],
  ];
}

// Text made safe to be read as HTML (Leaflet shows an attribution as HTML).
export function escapeHtml(value) {
  return text(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The tile layer the server configured ({url, attribution}), or null: the plain plane.
export function tiles(dataset) {
  const url = text(dataset.tiles).trim();
  if (!url) return null;
  return { url, attribution: escapeHtml(text(dataset.attribution)) };
}

// Everything the glue needs from the map element's data attributes.
export function readMap(dataset) {
  const points = parsePoints(dataset.points);
  return { points, bounds: pointBounds(points), tiles: tiles(dataset), label: text(dataset.label) };
}

// A circle marker's options, coloured by theme.
export function markerStyle(theme) {
  return {
    radius: 7,
    color: "#ffffff",
    weight: 1.5,
    fillColor: THEME_COLOURS[theme] || OTHER_COLOUR,
    fillOpacity: 0.9,
  };
}

// The popup of a point: its name (a link to its page when there is one), then its type and theme.
export function popupLines(point) {
  const lines = [{ text: point.name || "?", href: point.url || null, strong: true }];
  for (const value of [point.type, point.themeLabel]) {
    if (value) lines.push({ text: value, href: null, strong: false });
  }
  return lines;
}
