// A place and its twins (directory/place.html), on the basemap of basemap.js: the place in the
// middle, a line to each twin; the page's table lists the same twins for readers without it.
"use strict";

(function () {
  const element = document.getElementById("twins-map");
  if (!element || !window.L || !window.TwintownsBasemap) return;
  const { latLng, nearestCopy } = window.TwintownsBasemap;
  const { map, fetchJson, showError } = window.TwintownsBasemap.create(element);

  fetchJson(element.dataset.geojsonUrl).then(show).catch(showError);

  function show(collection) {
    const [home, ...twins] = collection.features;
    const from = latLng(home);
    const layers = twins.map((twin) => {
      const to = nearestCopy(from, latLng(twin));
      L.polyline([from, to], { className: "twins-line", interactive: false }).addTo(map);
      return marker(twin, to);
    });
    layers.push(marker(home, from));
    const group = L.featureGroup(layers).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [30, 30], maxZoom: 6, animate: false });
  }

  function marker(feature, at) {
    const facts = feature.properties;
    const kind = facts.role === "home" ? "home" : facts.partner ? "partner" : "twin";
    const link = document.createElement("a");
    link.href = facts.url;
    link.textContent = `${facts.name}, ${facts.country}`;
    return L.circleMarker(at, {
      radius: kind === "home" ? 8 : 5,
      className: `twins-marker twins-${kind}`,
    }).bindPopup(link);
  }
})();
