// The symbols page's interactive map (Leaflet, served from /static/vendor/leaflet): it replaces the
// SVG map inside #symbol-map. Without a tile server configured the symbols lie on a plain plane
// with a scale bar, and nothing is requested from anywhere; with one, its tiles lie underneath.
import { circleMarker, control, map as leafletMap, tileLayer } from "../vendor/leaflet/leaflet-src.esm.js";
import { markerStyle, popupLines, readMap } from "./map-view.js";

function popup(point) {
  const box = document.createElement("div");
  box.className = "symbol-popup";
  for (const line of popupLines(point)) {
    const row = document.createElement("div");
    const inner = document.createElement(line.href ? "a" : "span");
    inner.textContent = line.text;
    if (line.href) inner.href = line.href;
    if (line.strong) row.className = "name";
    row.append(inner);
    box.append(row);
  }
  return box;
}

function show(figure) {
  const setup = readMap(figure.dataset);
  if (!setup.points.length) return;
  const holder = document.createElement("div");
  holder.className = setup.tiles ? "symbol-leaflet" : "symbol-leaflet plane";
  holder.setAttribute("role", "region");
  holder.setAttribute("aria-label", setup.label);
  figure.replaceChildren(holder);
  const view = leafletMap(holder, { attributionControl: Boolean(setup.tiles), zoomSnap: 0.5 });
  if (setup.tiles) {
    tileLayer(setup.tiles.url, { attribution: setup.tiles.attribution, maxZoom: 19 }).addTo(view);
  }
  control.scale({ imperial: false }).addTo(view);
  view.fitBounds(setup.bounds, { padding: [40, 40], maxZoom: 17 }); // a view first: markers are drawn at once
  for (const point of setup.points) {
    const marker = circleMarker([point.lat, point.lon], markerStyle(point.theme)).addTo(view);
    marker.bindPopup(() => popup(point));
    marker.bindTooltip(point.name);
    const element = marker.getElement();
    if (element) {
      element.setAttribute("data-symbol-id", String(point.id));
      element.classList.add("symbol-marker");
    }
  }
  figure.dataset.ready = "1";
}

const figure = document.getElementById("symbol-map");
if (figure) show(figure);
