// A city's public page (portal/city.html), on the basemap of basemap.js: the seat in the middle,
// a line to each partner city. The points come embedded in the page (json_script), so the map
// costs no request of its own; the table under it lists the same partners for readers without it.
"use strict";

(function () {
  const element = document.getElementById("city-map");
  const data = document.getElementById("city-points");
  if (!element || !data || !window.L || !window.TwintownsBasemap) return;
  const config = element.dataset;
  const { latLng, nearestCopy } = window.TwintownsBasemap;
  const { map } = window.TwintownsBasemap.create(element);
  draw(JSON.parse(data.textContent).features);

  function draw(features) {
    const home = features.find((feature) => feature.properties.role === "home");
    const partners = features.filter((feature) => feature.properties.role === "partner");
    const from = home ? latLng(home) : null;
    const layers = partners.map((partner) => {
      const to = from ? nearestCopy(from, latLng(partner)) : latLng(partner);
      if (from) L.polyline([from, to], { className: "twins-line", interactive: false }).addTo(map);
      return marker(partner, to);
    });
    if (home) layers.push(marker(home, from));
    if (layers.length === 0) return;
    const group = L.featureGroup(layers).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 6, animate: false });
  }

  function marker(feature, at) {
    const facts = feature.properties;
    const isHome = facts.role === "home";
    return L.circleMarker(at, {
      radius: isHome ? 8 : 6,
      className: `twins-marker ${isHome ? "twins-home" : "twins-partner"}`,
    }).bindPopup(() => popup(facts));
  }

  // Built from text nodes: names come from the database and are never read as HTML.
  function popup(facts) {
    const card = document.createElement("div");
    card.className = "map-popup";
    line(card, `${facts.name}, ${facts.country}`, "fw-semibold");
    if (facts.kind_label) line(card, facts.kind_label, "text-body-secondary");
    if (facts.since) line(card, `${config.since}: ${facts.since}`);
    if (facts.activities !== undefined) line(card, `${config.activities}: ${facts.activities}`);
    return card;
  }

  function line(parent, text, className) {
    const div = document.createElement("div");
    if (className) div.className = className;
    div.textContent = text;
    parent.append(div);
  }
})();
