/* The facilities of a working group's region (/pokja/…/sarana/) as circles coloured by the status
 * of their latest inspection. The colours and labels come from the server with the GeoJSON (the
 * export of the same list), so this file only draws. No tiles are loaded: the circles stand on a
 * plain background. The table stays the content; any failure leaves the page as it was.
 *
 * Reads from <div id="facility-map">: data-url (the GeoJSON), data-legend (colours and labels of
 * the statuses), data-i18n (translated strings).
 */
(function () {
  "use strict";

  var M = window.SinergiMap; // static/js/map-common.js
  if (!M) return;
  var element = M.element;

  /* Name, type, village and status as text nodes (never markup), with a link to the facility. */
  function describe(properties, t) {
    var box = element("div", "map-popup");
    box.appendChild(element("strong", "", properties.name));
    box.appendChild(element("p", "", properties.kind_label + ", " + properties.village));
    box.appendChild(element("p", "", properties.status_label));
    return box;
  }

  function legend(entries, t) {
    var box = M.collapsible("map-legend facility-map-legend", t.legend); // closed on phones
    var list = element("ul", "");
    entries.forEach(function (entry) {
      var item = element("li", "");
      var swatch = element("span", "swatch");
      swatch.style.background = entry.colour;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(entry.label));
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }

  function draw(map, data, t) {
    var layer = L.geoJSON(data, {
      filter: function (feature) {
        return Boolean(feature.geometry);
      },
      pointToLayer: function (feature, latlng) {
        var p = feature.properties;
        return L.circleMarker(latlng, {
          radius: 7,
          color: "#1b1f23",
          weight: 1.5,
          fillColor: p.colour,
          fillOpacity: 1,
          className: "facility-marker facility-" + p.id + " status-" + p.status,
        });
      },
      onEachFeature: function (feature, marker) {
        var p = feature.properties;
        marker.bindTooltip(describe(p, t), { direction: "top" });
        var popup = describe(p, t);
        var link = element("a", "", t.open);
        link.href = p.url;
        popup.appendChild(element("p", "")).appendChild(link);
        marker.bindPopup(popup);
      },
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    } else {
      map.fitBounds(M.INDONESIA);
    }
    return layer.getLayers().length;
  }

  function init() {
    var container = document.getElementById("facility-map");
    if (!container || !window.L || !window.fetch) return;
    var t = JSON.parse(container.dataset.i18n);
    var entries = JSON.parse(container.dataset.legend);
    container.hidden = false;
    container.textContent = t.loading;
    fetch(container.dataset.url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (data) {
        container.textContent = "";
        var map = L.map(container, { zoomSnap: 0.25, attributionControl: false });
        var drawn = draw(map, data, t);
        container.after(legend(entries, t));
        if (!drawn) container.after(element("p", "muted", t.empty));
        container.dataset.ready = "true";
      })
      .catch(function () {
        container.classList.add("is-failed");
        container.textContent = t.failed;
      });
  }

  M.whenReady(init);
})();
