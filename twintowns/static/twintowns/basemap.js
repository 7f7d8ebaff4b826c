// The world map every map page starts from: country outlines from world-atlas (no tile server
// needed unless one is configured), zoom buttons and a "whole world" button in the page's
// language, and an error message under the map. Pages add their own markers.
"use strict";

window.TwintownsBasemap = (function () {
  const ANTARCTICA = "010";
  // The inhabited world, Chukotka included (it lies east of 180°, see eastOfDateLine).
  const WORLD = L.latLngBounds([-56, -169], [78, 191]);

  // `element` carries the settings as data attributes: countriesUrl, outlineAttribution,
  // tileUrl, tileAttribution, zoomIn, zoomOut, world, error.
  function create(element) {
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
    worldButton(map, config.world).addTo(map);
    map.fitBounds(WORLD);
    // The outlines arrive after the page has drawn its markers: a pane of their own under the
    // markers' (overlayPane, 400) keeps them from covering those markers.
    map.createPane("countries").style.zIndex = 350;
    const showError = () => showErrorUnder(element, config.error);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom }).addTo(map);
    } else {
      fetchJson(config.countriesUrl)
        .then((topology) => drawCountries(map, topology, config.outlineAttribution))
        .catch(showError);
    }
    return { map, WORLD, fetchJson, showError };
  }

  // Back to the whole world, under the zoom buttons and in their style.
  function worldButton(map, title) {
    const control = L.control({ position: "topleft" });
    control.onAdd = () => {
      const bar = L.DomUtil.create("div", "leaflet-bar");
      const button = L.DomUtil.create("a", "map-world-button", bar);
      button.href = "#";
      button.title = title;
      button.setAttribute("role", "button");
      button.setAttribute("aria-label", title);
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

  function drawCountries(map, topology, attribution) {
    const countries = topojson.feature(topology, topology.objects.countries);
    countries.features = countries.features.filter((f) => f.id !== ANTARCTICA);
    countries.features.forEach(eastOfDateLine);
    L.geoJSON(countries, {
      pane: "countries",
      style: { className: "map-country" },
      interactive: false,
      attribution,
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

  function latLng(feature) {
    const [lon, lat] = feature.geometry.coordinates;
    return L.latLng(lat, lon);
  }

  // A place across the date line from `origin` is drawn 360° away, so that a line between
  // them takes the short way.
  function nearestCopy(origin, to) {
    const shift = to.lng - origin.lng > 180 ? -360 : origin.lng - to.lng > 180 ? 360 : 0;
    return L.latLng(to.lat, to.lng + shift);
  }

  function showErrorUnder(element, text) {
    element.setAttribute("aria-busy", "false");
    if (document.getElementById("map-error")) return;
    const message = document.createElement("p");
    message.id = "map-error";
    message.className = "alert alert-warning mt-2";
    message.setAttribute("role", "alert");
    message.textContent = text;
    element.after(message);
  }

  return { create, latLng, nearestCopy };
})();
