// A place and its twins (directory/place.html), on the basemap of basemap.js: the place in the
// middle, a line to each twin; the page's table lists the same twins for readers without it.
"use strict";

(function () {
  const element = document.getElementById("twins-map");
  if (!element || !window.L || !window.TwintownsBasemap) return;
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

  function latLng(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    return L.latLng(lat, lon);
  }

  // A twin across the date line is drawn 360° away, so that its line takes the short way.
  function nearestCopy(from, to) {
    const shift = to.lng - from.lng > 180 ? -360 : from.lng - to.lng > 180 ? 360 : 0;
    return L.latLng(to.lat, to.lng + shift);
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
