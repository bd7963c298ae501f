/* The choropleth of a dashboard (/pemantauan/…): the regions directly below the dashboard's
 * region, coloured by one indicator and year. The colours and the legend's classes come from the
 * server with the values (the same roll-ups as the ranking table beside it), so this file only
 * draws. The table stays the content; any failure leaves the page as it was without JavaScript.
 *
 * Reads from <div id="indicator-map">: data-data-url (the JSON of the values), data-shapes-url
 * (GeoJSON boundaries: the provinces, or the kabupaten/kota of the dashboard's province only),
 * data-i18n (translated strings).
 */
(function () {
  "use strict";

  var M = window.SinergiMap; // static/js/map-common.js
  if (!M) return;
  var element = M.element;

  var OUTLINE = { color: "#ffffff", weight: 0.8 };
  var HIGHLIGHT = { color: "#1b1f23", weight: 2 };

  function swatch(colour, className) {
    var node = element("span", "swatch" + (className ? " " + className : ""));
    if (colour) node.style.background = colour;
    return node;
  }

  /* Name, value and how many regions below reported, as text nodes (never markup). */
  function describe(region, t) {
    var box = element("div", "map-popup");
    box.appendChild(element("strong", "", region.name));
    box.appendChild(element("p", "", region.label || t.no_data));
    if (region.reported_label) box.appendChild(element("p", "muted", region.reported_label));
    return box;
  }

  function bindRegion(layer, region, t) {
    layer.bindTooltip(describe(region, t), { sticky: true, direction: "top" });
    if (!region.url) return;
    var popup = describe(region, t);
    var link = element("a", "", t.open);
    link.href = region.url;
    popup.appendChild(element("p", "")).appendChild(link);
    layer.bindPopup(popup);
  }

  /* The legend sits under the map rather than on it, so it never hides a region; it opens and
   * closes, closed at first on narrow screens. */
  function legend(data, hasTowns, t) {
    var title = data.indicator.name + ", " + data.year;
    var box = M.collapsible("map-legend indicator-map-legend", title);
    var list = element("ul", "");
    function item(colour, className, text) {
      var entry = element("li", "");
      entry.appendChild(swatch(colour, className));
      entry.appendChild(document.createTextNode(text));
      list.appendChild(entry);
    }
    data.legend.forEach(function (entry) {
      item(entry.colour, "", entry.label);
    });
    item(data.no_data.colour, "", data.no_data.label);
    if (hasTowns) item("", "swatch-town", t.town);
    box.appendChild(list);
    return box;
  }

  function draw(map, data, shapes, t) {
    var regions = data.regions;
    map.attributionControl.addAttribution(
      // textContent keeps translated strings from being read as markup.
      element("span", "", t.attribution).innerHTML
    );
    var layer = L.geoJSON(shapes, {
      filter: function (feature) {
        return Boolean(regions[feature.properties.code]);
      },
      style: function (feature) {
        var region = regions[feature.properties.code];
        return {
          color: OUTLINE.color,
          weight: OUTLINE.weight,
          fillColor: region.colour,
          fillOpacity: 1,
          className: "in-province-" + feature.properties.code.slice(0, 2),
        };
      },
      onEachFeature: function (feature, shape) {
        bindRegion(shape, regions[feature.properties.code], t);
        shape.on("mouseover", function () {
          shape.setStyle(HIGHLIGHT);
          shape.bringToFront();
        });
        shape.on("mouseout", function () {
          shape.setStyle(OUTLINE);
        });
      },
    }).addTo(map);

    var bounds = layer.getBounds();
    var hasTowns = false;
    Object.keys(M.TOWN_CENTRES).forEach(function (code) {
      var region = regions[code];
      if (!region) return;
      hasTowns = true;
      var marker = M.townMarker(code, region.colour).addTo(map);
      bindRegion(marker, region, t);
      bounds.extend(M.TOWN_CENTRES[code]);
    });
    return {
      bounds: bounds.isValid() ? bounds : L.latLngBounds(M.INDONESIA),
      key: legend(data, hasTowns, t),
    };
  }

  function init() {
    var container = document.getElementById("indicator-map");
    if (!container || !window.L || !window.fetch) return;
    var t = JSON.parse(container.dataset.i18n);
    container.hidden = false;
    container.textContent = t.loading;
    var map = null;
    Promise.all([M.getJSON(container.dataset.dataUrl), M.getJSON(container.dataset.shapesUrl)])
      .then(function (loaded) {
        container.textContent = "";
        map = L.map(container, { zoomSnap: 0.1, minZoom: 3, maxZoom: 12 });
        var drawn = draw(map, loaded[0], loaded[1], t);
        var below = element("div", "map-below");
        below.appendChild(drawn.key);
        container.after(below);
        // The legend stays below; on narrow screens the attribution joins it there.
        M.placePanel(map, null, below, function () {
          M.fitClear(map, drawn.bounds, null);
        });
        container.classList.add("is-ready");
      })
      .catch(function (error) {
        if (map) map.remove();
        container.classList.add("is-failed");
        container.textContent = t.failed;
        if (window.console) console.error(error);
      });
  }

  M.whenReady(init);
})();
