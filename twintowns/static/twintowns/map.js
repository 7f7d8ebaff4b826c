// The partner map (partnerships/map.html). Country outlines come from world-atlas, so no tile
// server is needed unless one is configured; the partners come from map.geojson with the
// page's filters and are loaded again whenever htmx swaps in new results.
"use strict";

(function () {
  const element = document.getElementById("partner-map");
  if (!element || !window.L) return;

  const SVG = "http://www.w3.org/2000/svg";
  const ANTARCTICA = "010";
  const KINDS = ["sister", "partner", "friendship", "cooperation"];
  const STATUSES = ["active", "signed", "approved", "proposed", "dormant", "ended"];
  // The inhabited world, Chukotka included (it lies east of 180°, see eastOfDateLine).
  const WORLD = L.latLngBounds([-56, -169], [78, 191]);
  const config = element.dataset;

  element.replaceChildren(); // the message for readers without JavaScript
  // markercluster needs a maxZoom; beyond 10 the 110m outlines have nothing more to show.
  const maxZoom = config.tileUrl ? 18 : 10;
  const map = L.map(element, {
    zoomControl: false,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    minZoom: 1,
    maxZoom,
  });
  L.control.zoom({ zoomInTitle: config.zoomIn, zoomOutTitle: config.zoomOut }).addTo(map);
  worldButton().addTo(map);
  map.fitBounds(WORLD);

  let pending = null; // the partners' request in flight, cancelled when the filters change
  let shownUrl = null;
  const partners = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(partners);

  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom }).addTo(map);
  } else {
    fetchJson(config.countriesUrl).then(drawCountries).catch(showError);
  }
  loadPartners();
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "map-results") loadPartners();
  });

  // Back to the whole world, under the zoom buttons and in their style.
  function worldButton() {
    const control = L.control({ position: "topleft" });
    control.onAdd = () => {
      const bar = L.DomUtil.create("div", "leaflet-bar");
      const button = L.DomUtil.create("a", "map-world-button", bar);
      button.href = "#";
      button.title = config.world;
      button.setAttribute("role", "button");
      button.setAttribute("aria-label", config.world);
      L.DomUtil.create("i", "bi bi-globe2", button).setAttribute("aria-hidden", "true");
      L.DomEvent.disableClickPropagation(bar);
      L.DomEvent.on(button, "click", (event) => {
        L.DomEvent.preventDefault(event);
        map.fitBounds(WORLD);
      });
      return bar;
    };
    return control;
  }

  function fetchJson(url, options) {
    return fetch(url, options).then((response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      return response.json();
    });
  }

  function drawCountries(topology) {
    const countries = topojson.feature(topology, topology.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA);
    countries.features.forEach(eastOfDateLine);
    L.geoJSON(countries, {
      style: { className: "map-country" },
      interactive: false,
      attribution: config.outlineAttribution,
    }).addTo(map);
  }

  // world-atlas joins the rings of Russia and Fiji across the date line (179° next to -179°).
  // Drawn on a flat map such a ring runs back across the whole world as a horizontal band.
  // Antarctica, which circles the pole, is dropped instead. In a polygon with a ring that jumps
  // by more than 180°, the western points move east by 360°: Chukotka and eastern Fiji then
  // lie just past 180°, beside the rest of their country.
  function eastOfDateLine(feature) {
    const geometry = feature.geometry;
    if (geometry.type === "Polygon") geometry.coordinates = shiftEast(geometry.coordinates);
    if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(shiftEast);
    }
  }

  function shiftEast(polygon) {
    if (!polygon.some(jumpsDateLine)) return polygon;
    return polygon.map((ring) => ring.map(([lon, lat]) => [lon < 0 ? lon + 360 : lon, lat]));
  }

  function jumpsDateLine(ring) {
    return ring.some((point, i) => i > 0 && Math.abs(point[0] - ring[i - 1][0]) > 180);
  }

  function loadPartners() {
    const url = document.getElementById("map-data")?.dataset.geojsonUrl;
    // A swap may bring the same filters again (the search box fires "change" when it loses
    // focus): the markers, and any popup open on them, stay.
    if (!url || url === shownUrl) return;
    shownUrl = url;
    if (pending) pending.abort();
    pending = new AbortController();
    element.setAttribute("aria-busy", "true");
    fetchJson(url, { signal: pending.signal })
      .then(showPartners)
      .catch((error) => {
        if (error.name === "AbortError") return;
        shownUrl = null;
        showError();
      });
  }

  function showPartners(collection) {
    const markers = collection.features.map(partnerMarker);
    partners.clearLayers();
    partners.addLayers(markers);
    const bounds = markers.length > 0 ? partners.getBounds() : WORLD;
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6, animate: false });
    element.setAttribute("aria-busy", "false");
  }

  function partnerMarker(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    const facts = feature.properties;
    const icon = L.divIcon({
      html: symbol(facts.kind, facts.status),
      className: "map-marker",
      iconSize: [18, 18],
    });
    return L.marker([lat, lon], { icon, title: facts.name, riseOnHover: true }).bindPopup(() =>
      popup(facts),
    );
  }

  // The shape tells the kind, the colour the status; the legend uses the same symbols.
  function symbol(kind, status) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 20 20"); // the symbol maps its own -10..10 box onto it
    svg.setAttribute("aria-hidden", "true");
    const known = (value, values) => (values.includes(value) ? value : values[0]);
    svg.setAttribute("class", `map-symbol map-status-${known(status, STATUSES)}`);
    const use = document.createElementNS(SVG, "use");
    use.setAttribute("href", `#map-shape-${known(kind, KINDS)}`);
    svg.append(use);
    return svg;
  }

  // Filled from the page's <template>, whose labels are already in the reader's language.
  function popup(facts) {
    const card = document.getElementById("map-popup").content.firstElementChild.cloneNode(true);
    for (const field of card.querySelectorAll("[data-text]")) {
      field.textContent = facts[field.dataset.text] ?? "—";
    }
    card.querySelector("[data-field=url]").href = facts.url;
    return card;
  }

  function showError() {
    element.setAttribute("aria-busy", "false");
    if (document.getElementById("map-error")) return;
    const message = document.createElement("p");
    message.id = "map-error";
    message.className = "alert alert-warning mt-2";
    message.setAttribute("role", "alert");
    message.textContent = config.error;
    element.after(message);
  }
})();
