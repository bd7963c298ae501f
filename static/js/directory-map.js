/* The coverage map of the directory (/pokja/): every kabupaten/kota coloured by the legal status
 * of its working group, or (switch at the top right) by its activeness index, province outlines
 * on top. The table below it stays the content; this map
 * only enhances it, so any failure leaves the page as it was without JavaScript.
 *
 * Reads from <div id="coverage-map">: data-data-url (the JSON of the filtered list),
 * data-provinces-url and data-regencies-url (GeoJSON boundaries), data-i18n (translated strings).
 */
(function () {
  "use strict";

  var M = window.SinergiMap; // static/js/map-common.js
  if (!M) return;
  var element = M.element;

  var COLOURS = {
    active: "#1e6b34",
    expiring: "#6ba368",
    forming: "#b7791f",
    expired: "#a4262c",
    none: "#b8c0c8",
  };
  var STATUSES = ["active", "expiring", "forming", "expired", "none"];
  // Activeness index bands, as the activeness_band template filter draws them: 0-24 ... 75-100.
  var BANDS = [
    { label: "0–24", colour: "#a4262c" },
    { label: "25–49", colour: "#e08a3c" },
    { label: "50–74", colour: "#8cc084" },
    { label: "75–100", colour: "#1e6b34" },
  ];
  var OUTSIDE_SELECTION = "#f3f6f8";

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

  function legend(regions, counts, filtered, t, mode) {
    var control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      var box = element("div", "map-legend");
      box.appendChild(element("p", "map-legend-title", mode === "activeness" ? t.activeness : t.legend));
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
      box.appendChild(
        element("p", "map-legend-total", t.regencies + ": " + counts.regencies.total)
      );
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    return control;
  }

  /* The switch between colouring by legal status and by activeness index. */
  function modeSwitch(current, t, onChange) {
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
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
      L.DomEvent.disableClickPropagation(form);
      return form;
    };
    return control;
  }

  function draw(map, container, data, provinces, regencies, t) {
    var regions = data.regions;
    var mode = "status";
    map.attributionControl.addAttribution(
      // textContent keeps translated strings from being read as markup.
      element("span", "", t.attribution).innerHTML
    );
    map.fitBounds(M.INDONESIA);

    var filtered = false;
    regencies.features.forEach(function (feature) {
      if (!regions[feature.properties.code]) filtered = true;
    });
    Object.keys(M.TOWN_CENTRES).forEach(function (code) {
      if (!regions[code]) filtered = true;
    });

    var shapes = L.geoJSON(regencies, {
      style: function (feature) {
        var region = regions[feature.properties.code];
        return {
          color: "#ffffff",
          weight: 0.6,
          fillColor: region ? fillColour(region, mode) : OUTSIDE_SELECTION,
          fillOpacity: region ? 0.9 : 1,
          interactive: Boolean(region),
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
    }).addTo(map);

    var outlines = L.geoJSON(provinces, {
      style: { color: "#1b1f23", weight: 1.2, opacity: 0.75, fill: false, interactive: false },
    }).addTo(map);

    var markers = [];
    Object.keys(M.TOWN_CENTRES).forEach(function (code) {
      var region = regions[code];
      if (!region) return;
      var marker = M.townMarker(code, fillColour(region, mode)).addTo(map);
      bindRegion(marker, code, regions, t);
      markers.push([marker, region]);
    });

    var shownLegend = legend(regions, data.counts, filtered, t, mode).addTo(map);
    modeSwitch(mode, t, function (chosen) {
      mode = chosen;
      shapes.setStyle(function (feature) {
        var region = regions[feature.properties.code];
        return { fillColor: region ? fillColour(region, mode) : OUTSIDE_SELECTION };
      });
      markers.forEach(function (pair) {
        pair[0].setStyle({ fillColor: fillColour(pair[1], mode) });
      });
      shownLegend.remove();
      shownLegend = legend(regions, data.counts, filtered, t, mode).addTo(map);
      container.dataset.mode = mode;
    }).addTo(map);
    container.dataset.mode = mode;

    var chosen = new URL(container.dataset.dataUrl, window.location.href).searchParams.get(
      "provinsi"
    );
    if (chosen) {
      outlines.eachLayer(function (layer) {
        if (layer.feature.properties.code === chosen) map.fitBounds(layer.getBounds());
      });
    }
    container.classList.add("is-ready");
  }

  function init() {
    var container = document.getElementById("coverage-map");
    if (!container || !window.L || !window.fetch) return;
    var t = JSON.parse(container.dataset.i18n);
    container.hidden = false;
    container.textContent = t.loading;
    var map = null;
    Promise.all([
      M.getJSON(container.dataset.dataUrl),
      M.getJSON(container.dataset.provincesUrl),
      M.getJSON(container.dataset.regenciesUrl),
    ])
      .then(function (loaded) {
        container.textContent = "";
        map = L.map(container, { zoomSnap: 0.25, minZoom: 3, maxZoom: 12 });
        draw(map, container, loaded[0], loaded[1], loaded[2], t);
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
