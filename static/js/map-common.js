/* What the three maps share (directory-map.js, indicator-map.js, facility-map.js): Indonesia's
 * bounds, the town centres of the kabupaten/kota that have no boundary shape, and small helpers.
 * Each map's template loads this file first; `defer` keeps that order. It draws nothing itself.
 */
window.SinergiMap = (function () {
  "use strict";

  // Approximate town centres (latitude, longitude) of the seven kabupaten/kota that have no shape
  // in the boundary data; they are drawn as circles instead.
  var TOWN_CENTRES = {
    "12.73": [1.7404, 98.7792], // Kota Sibolga
    "12.76": [3.3275, 99.1625], // Kota Tebing Tinggi
    "13.74": [-0.4636, 100.4083], // Kota Padang Panjang
    "13.75": [-0.3051, 100.3692], // Kota Bukittinggi
    "31.01": [-5.7457, 106.6145], // Kabupaten Administrasi Kepulauan Seribu (Pulau Pramuka)
    "33.71": [-7.4797, 110.2177], // Kota Magelang
    "35.76": [-7.4722, 112.4336], // Kota Mojokerto
  };

  var INDONESIA = [
    [-11.1, 94.9],
    [6.2, 141.1],
  ];

  /* A new element; text goes in as a text node, never as markup. */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  /* The circle that stands for the region `code` at its town centre. */
  function townMarker(code, fillColour) {
    return L.circleMarker(TOWN_CENTRES[code], {
      radius: 6,
      color: "#1b1f23",
      weight: 1.5,
      fillColor: fillColour,
      fillOpacity: 1,
    });
  }

  /* Run `init` once the page is parsed. */
  function whenReady(init) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }

  return {
    TOWN_CENTRES: TOWN_CENTRES,
    INDONESIA: INDONESIA,
    element: element,
    getJSON: getJSON,
    townMarker: townMarker,
    whenReady: whenReady,
  };
})();
