/* What the three maps share (directory-map.js, indicator-map.js, facility-map.js): Indonesia's
 * bounds, the town centres of the kabupaten/kota that have no boundary shape, where the legend
 * goes (never over land) and small helpers.
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

  // Wide screens keep a map's panel (legend, switches) on the map, in its top right corner,
  // with the map's bounds padded so that it lies over the sea; narrow ones move it, and the
  // attribution, below the map, with the legend collapsed. Matches map.css.
  var WIDE = "(min-width: 40rem)";
  var ZOOM_CONTROL = { width: 48, height: 88 }; // Leaflet's +/- buttons, top left, with margins
  var MARGIN = 8;

  function isWide() {
    return window.matchMedia(WIDE).matches;
  }

  /* A legend that opens and closes (<details>): `title` on its always visible summary. Open on
   * wide screens, closed on narrow ones. */
  function collapsible(className, title) {
    var box = element("details", className);
    box.appendChild(element("summary", "map-legend-title", title));
    box.open = isWide();
    return box;
  }

  function cornerOf(map, vertical, horizontal) {
    return map.getContainer().querySelector(".leaflet-" + vertical + ".leaflet-" + horizontal);
  }

  /* Fit `bounds` into the part of the map that no control covers: the zoom buttons top left,
   * the attribution bottom right and, if given, the `panel` top right. Of the two ways to keep
   * clear (land beside the controls, or land below them), the one with the larger zoom wins. */
  function fitClear(map, bounds, panel) {
    var onMap = panel && map.getContainer().contains(panel);
    var panelWidth = onMap ? panel.offsetWidth + 2 * MARGIN : 0;
    var panelHeight = onMap ? panel.offsetHeight + 2 * MARGIN : 0;
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    var bottom = Math.max(
      MARGIN,
      attribution && map.getContainer().contains(attribution) ? attribution.offsetHeight + 2 : 0
    );
    var choices = [
      // beside: the controls in columns left and right of the land
      [L.point(ZOOM_CONTROL.width, MARGIN), L.point(Math.max(panelWidth, MARGIN), bottom)],
      // below: the land under the controls
      [
        L.point(MARGIN, Math.max(ZOOM_CONTROL.height, panelHeight)),
        L.point(MARGIN, bottom),
      ],
    ];
    var best = null;
    choices.forEach(function (choice) {
      var zoom = map.getBoundsZoom(bounds, false, choice[0].add(choice[1]));
      if (!best || zoom > best.zoom) best = { zoom: zoom, padding: choice };
    });
    map.fitBounds(bounds, {
      paddingTopLeft: best.padding[0],
      paddingBottomRight: best.padding[1],
      animate: false, // no zoom in flight to swallow the reader's first click on +/-
    });
  }

  /* Keep `panel` on the map (wide) or in `below`, the box after the map (narrow), and the
   * attribution with it; call `refit` after every move. Returns nothing. */
  function placePanel(map, panel, below, refit) {
    var query = window.matchMedia(WIDE);
    var attribution = map.attributionControl && map.attributionControl.getContainer();
    if (panel) {
      L.DomEvent.disableClickPropagation(panel);
      L.DomEvent.disableScrollPropagation(panel);
    }
    function apply() {
      if (panel) panel.classList.toggle("leaflet-control", query.matches);
      if (query.matches) {
        if (panel) cornerOf(map, "top", "right").appendChild(panel);
        if (attribution) cornerOf(map, "bottom", "right").appendChild(attribution);
      } else {
        if (panel) below.appendChild(panel);
        if (attribution) below.appendChild(attribution);
      }
      below.hidden = !below.firstChild;
      map.invalidateSize();
      refit();
    }
    apply();
    query.addEventListener("change", apply);
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
    isWide: isWide,
    collapsible: collapsible,
    fitClear: fitClear,
    placePanel: placePanel,
  };
})();
