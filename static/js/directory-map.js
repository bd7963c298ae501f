/* The coverage map of the directory (/pokja/): every kabupaten/kota coloured by the legal status
 * of its working group, or (switch beside the legend) by its activeness index, province outlines
 * on top. The table below it stays the content; this map
 * only enhances it, so any failure leaves the page as it was without JavaScript.
 *
 * Filtered to one province, it loads only that province's kabupaten/kota and draws the other
 * provinces pale around them; otherwise the whole country's, simplified for that scale
 * (static/data/boundaries/maps/), and a province's finer file once the reader zooms in to it.
 * The switch and the legend sit top right over the sea on wide screens and below the map on
 * narrow ones, the legend collapsed (map-common.js).
 *
 * Reads from <div id="coverage-map">: data-data-url (the JSON of the filtered list),
 * data-provinces-url and data-regencies-url (GeoJSON boundaries of the country),
 * data-province-files (the URL of each province's kabupaten/kota file, by province code),
 * data-i18n (translated strings).
 */
(function () {
  "use strict";

  var M = window.SinergiMap; // static/js/map-common.js
  if (!M) return;
  var element = M.element;

  var COLOURS = {
    active: "#1e6b34",
    expiring: "#e0a030",
    forming: "#3d7cb8",
    expired: "#a4262c",
    none: "#b8c0c8",
  };
  var STATUSES = ["active", "expiring", "expired", "forming", "none"]; // the summary table's order
  // Activeness index bands, as the activeness_band template filter draws them: 0-24 ... 75-100.
  var BANDS = [
    { label: "0–24", colour: "#a4262c" },
    { label: "25–49", colour: "#e08a3c" },
    { label: "50–74", colour: "#8cc084" },
    { label: "75–100", colour: "#1e6b34" },
  ];
  var OUTSIDE_SELECTION = "#f3f6f8";
  // From this zoom on, the whole country's map loads the finer file of each province in view.
  var DETAIL_ZOOM = 6;

  function bandOf(index) {
    return BANDS[Math.min(Math.floor(index / 25), 3)];
  }

  /* The fill of a region: its legal status, or its activeness band ("none" without a group). */
  function fillColour(region, mode) {
    if (mode === "activeness") {
      return region.activeness === null || region.activeness === undefined
        ? COLOURS.none
        : bandOf(region.activeness).colour;
    }
    return COLOURS[region.status];
  }

  function swatch(colour) {
    var node = element("span", "swatch");
    node.style.background = colour;
    return node;
  }

  /* The popup of a region: its name, status, working group, activeness index and links. */
  function popupContent(region, province, t) {
    var box = element("div", "map-popup");
    box.appendChild(element("strong", "", region.name));
    var status = element("p", "");
    status.appendChild(element("span", "swatch swatch-" + region.status));
    status.appendChild(document.createTextNode(region.status_label));
    box.appendChild(status);
    if (region.group) box.appendChild(element("p", "", region.group));
    if (region.activeness !== null && region.activeness !== undefined) {
      var index = element("p", "");
      index.appendChild(swatch(bandOf(region.activeness).colour));
      var breakdown = element("a", "", t.activeness + ": " + region.activeness);
      breakdown.href = region.activeness_url;
      breakdown.title = t.breakdown;
      index.appendChild(breakdown);
      box.appendChild(index);
    }
    if (province) {
      box.appendChild(
        element("p", "muted", t.province + ": " + province.name + " (" + province.status_label + ")")
      );
    }
    var link = element("a", "", t.profile);
    link.href = region.url;
    box.appendChild(element("p", "")).appendChild(link);
    return box;
  }

  function tooltipContent(region, t) {
    var text = region.name + " · " + region.status_label;
    if (region.activeness !== null && region.activeness !== undefined) {
      text += " · " + t.activeness + " " + region.activeness;
    }
    return element("span", "", text);
  }

  function bindRegion(layer, code, regions, t) {
    var region = regions[code];
    var province = region.level === 2 ? regions[code.slice(0, 2)] : null;
    layer.bindTooltip(tooltipContent(region, t), { sticky: true, direction: "top" });
    layer.bindPopup(popupContent(region, province, t));
  }

  function legendItem(list, swatchNode, label, count) {
    var item = element("li", "");
    item.appendChild(swatchNode);
    item.appendChild(document.createTextNode(label + " "));
    item.appendChild(element("span", "map-legend-count", "(" + count + ")"));
    list.appendChild(item);
  }

  /* The legend's summary and list for `mode`; `box` keeps whether it is open. */
  function fillLegend(box, regions, counts, filtered, t, mode) {
    box.textContent = "";
    box.appendChild(
      element("summary", "map-legend-title", mode === "activeness" ? t.activeness : t.legend)
    );
    var list = element("ul", "");
    var perKey = {};
    Object.keys(regions).forEach(function (code) {
      var region = regions[code];
      if (region.level !== 2) return;
      var key = region.status;
      if (mode === "activeness") {
        key = region.activeness === null || region.activeness === undefined
          ? "none"
          : bandOf(region.activeness).label;
      }
      perKey[key] = (perKey[key] || 0) + 1;
    });
    if (mode === "activeness") {
      BANDS.slice().reverse().forEach(function (band) {
        legendItem(list, swatch(band.colour), band.label, perKey[band.label] || 0);
      });
      legendItem(list, element("span", "swatch swatch-none"), t.no_index, perKey.none || 0);
    } else {
      STATUSES.forEach(function (status) {
        legendItem(list, element("span", "swatch swatch-" + status), t[status], perKey[status] || 0);
      });
    }
    if (filtered) {
      var outside = element("li", "");
      outside.appendChild(element("span", "swatch swatch-outside"));
      outside.appendChild(document.createTextNode(t.outside));
      list.appendChild(outside);
    }
    var town = element("li", "");
    town.appendChild(element("span", "swatch swatch-town"));
    town.appendChild(document.createTextNode(t.town));
    list.appendChild(town);
    box.appendChild(list);
    box.appendChild(element("p", "map-legend-total", t.regencies + ": " + counts.regencies.total));
  }

  /* The switch between colouring by legal status and by activeness index. */
  function modeSwitch(current, t, onChange) {
    var form = element("form", "map-mode");
    var fieldset = element("fieldset", "");
    fieldset.appendChild(element("legend", "", t.colour_by));
    [
      ["status", t.by_status],
      ["activeness", t.activeness],
    ].forEach(function (choice) {
      var label = element("label", "");
      var input = element("input", "");
      input.type = "radio";
      input.name = "map-mode";
      input.value = choice[0];
      input.checked = choice[0] === current;
      input.addEventListener("change", function () {
        if (input.checked) onChange(choice[0]);
      });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + choice[1]));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    return form;
  }

  /* The shapes of the kabupaten/kota `regencies`, coloured by `mode`; regions not in the
   * selection are drawn pale and inert. */
  function regencyLayer(regencies, regions, t, modeOf) {
    return L.geoJSON(regencies, {
      style: function (feature) {
        var region = regions[feature.properties.code];
        return {
          color: "#ffffff",
          weight: 0.6,
          fillColor: region ? fillColour(region, modeOf()) : OUTSIDE_SELECTION,
          fillOpacity: region ? 0.9 : 1,
          interactive: Boolean(region),
          className: "in-province-" + feature.properties.code.slice(0, 2),
        };
      },
      onEachFeature: function (feature, layer) {
        var region = regions[feature.properties.code];
        if (!region) return;
        bindRegion(layer, feature.properties.code, regions, t);
        layer.on("mouseover", function () {
          layer.setStyle({ color: "#1b1f23", weight: 2 });
        });
        layer.on("mouseout", function () {
          layer.setStyle({ color: "#ffffff", weight: 0.6 });
        });
      },
    });
  }

  /* On the map of the whole country, zoomed in to DETAIL_ZOOM or more: replace the coarse
   * shapes of each province in view by its own, finer file (loaded once, when first seen). */
  function sharpenOnZoom(map, layer, outlines, markers, files) {
    var asked = {};
    map.on("moveend", function () {
      if (map.getZoom() < DETAIL_ZOOM) return;
      var view = map.getBounds();
      outlines.eachLayer(function (province) {
        var code = province.feature.properties.code;
        if (asked[code] || !files[code] || !view.intersects(province.getBounds())) return;
        asked[code] = true;
        M.getJSON(files[code])
          .then(function (finer) {
            layer.eachLayer(function (shape) {
              if (shape.feature.properties.code.slice(0, 2) === code) layer.removeLayer(shape);
            });
            layer.addData(finer);
            outlines.bringToFront();
            markers.forEach(function (pair) {
              pair[0].bringToFront();
            });
          })
          .catch(function (error) {
            asked[code] = false; // the coarse shapes stay; try again on the next move
            if (window.console) console.error(error);
          });
      });
    });
  }

  /* `shapes.province`: the code of the one province drawn in detail (its own kabupaten/kota
   * file, the other provinces pale around it), or null for the whole country. */
  function draw(map, container, data, shapes, t) {
    var regions = data.regions;
    var chosen = shapes.province;
    var mode = "status";
    map.fitBounds(M.INDONESIA); // a first view, refitted once the legend is placed
    map.attributionControl.addAttribution(
      // textContent keeps translated strings from being read as markup.
      element("span", "", t.attribution).innerHTML
    );

    var filtered = Boolean(chosen);
    shapes.regencies.features.forEach(function (feature) {
      if (!regions[feature.properties.code]) filtered = true;
    });
    var towns = Object.keys(M.TOWN_CENTRES).filter(function (code) {
      return !chosen || code.slice(0, 2) === chosen;
    });
    towns.forEach(function (code) {
      if (!regions[code]) filtered = true;
    });

    if (chosen) {
      L.geoJSON(shapes.provinces, {
        filter: function (feature) {
          return feature.properties.code !== chosen;
        },
        style: {
          color: "#1b1f23",
          weight: 1,
          opacity: 0.5,
          fillColor: OUTSIDE_SELECTION,
          fillOpacity: 1,
          interactive: false,
        },
      }).addTo(map);
    }
    var layer = regencyLayer(shapes.regencies, regions, t, function () {
      return mode;
    }).addTo(map);
    var outlines = null;
    if (!chosen) {
      outlines = L.geoJSON(shapes.provinces, {
        style: { color: "#1b1f23", weight: 1.2, opacity: 0.75, fill: false, interactive: false },
      }).addTo(map);
    }

    var markers = [];
    var bounds = chosen ? layer.getBounds() : L.latLngBounds(M.INDONESIA);
    towns.forEach(function (code) {
      var region = regions[code];
      if (!region) return;
      var marker = M.townMarker(code, fillColour(region, mode)).addTo(map);
      bindRegion(marker, code, regions, t);
      markers.push([marker, region]);
      bounds.extend(M.TOWN_CENTRES[code]);
    });

    var panel = element("div", "map-panel");
    var key = M.collapsible("map-legend", "");
    panel.appendChild(
      modeSwitch(mode, t, function (picked) {
        mode = picked;
        layer.setStyle(function (feature) {
          var region = regions[feature.properties.code];
          return { fillColor: region ? fillColour(region, mode) : OUTSIDE_SELECTION };
        });
        markers.forEach(function (pair) {
          pair[0].setStyle({ fillColor: fillColour(pair[1], mode) });
        });
        fillLegend(key, regions, data.counts, filtered, t, mode);
        container.dataset.mode = mode;
      })
    );
    fillLegend(key, regions, data.counts, filtered, t, mode);
    panel.appendChild(key);
    container.dataset.mode = mode;

    if (outlines) sharpenOnZoom(map, layer, outlines, markers, shapes.files);
    function showZoom() {
      container.dataset.zoom = map.getZoom(); // as data-mode, for whoever observes the map
    }
    map.on("zoomend", showZoom);

    var below = element("div", "map-below");
    container.after(below);
    M.placePanel(map, panel, below, function () {
      M.fitClear(map, bounds.isValid() ? bounds : M.INDONESIA, panel);
    });
    showZoom();
    container.classList.add("is-ready");
  }

  /* The province the list is filtered to, if it has its own boundary file. */
  function chosenProvince(container, files) {
    var code = new URL(container.dataset.dataUrl, window.location.href).searchParams.get(
      "provinsi"
    );
    return code && Object.prototype.hasOwnProperty.call(files, code) ? code : null;
  }

  function init() {
    var container = document.getElementById("coverage-map");
    if (!container || !window.L || !window.fetch) return;
    var t = JSON.parse(container.dataset.i18n);
    var files = JSON.parse(container.dataset.provinceFiles || "{}");
    var province = chosenProvince(container, files);
    container.hidden = false;
    container.textContent = t.loading;
    var map = null;
    Promise.all([
      M.getJSON(container.dataset.dataUrl),
      M.getJSON(container.dataset.provincesUrl),
      M.getJSON(province ? files[province] : container.dataset.regenciesUrl),
    ])
      .then(function (loaded) {
        container.textContent = "";
        map = L.map(container, { zoomSnap: 0.1, minZoom: 3, maxZoom: 12 });
        var shapes = {
          province: province,
          provinces: loaded[1],
          regencies: loaded[2],
          files: files,
        };
        draw(map, container, loaded[0], shapes, t);
      })
      .catch(function (error) {
        if (window.console) console.error(error);
        if (map) map.remove();
        container.classList.add("is-failed");
        container.textContent = t.failed;
      });
  }

  M.whenReady(init);
})();
