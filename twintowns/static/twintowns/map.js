// The partner map (partnerships/map.html), on the basemap of basemap.js; the partners come
// from map.geojson with the page's filters and are loaded again whenever htmx swaps in new
// results.
"use strict";

(function () {
  const element = document.getElementById("partner-map");
  if (!element || !window.L || !window.TwintownsBasemap) return;

  const SVG = "http://www.w3.org/2000/svg";
  const KINDS = ["sister", "partner", "friendship", "cooperation"];
  const STATUSES = ["active", "signed", "approved", "proposed", "dormant", "ended"];
  const { map, WORLD, fetchJson, showError } = window.TwintownsBasemap.create(element);

  let pending = null; // the partners' request in flight, cancelled when the filters change
  let shownUrl = null;
  const partners = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 });
  map.addLayer(partners);

  loadPartners();
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.detail.target && event.detail.target.id === "map-results") loadPartners();
  });

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
})();
