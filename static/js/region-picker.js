// Region pickers (sinergi/regions/fields.py). A box that takes a region's name or code suggests
// regions as you type, from the search at data-region-search (regions:search), below the region
// of data-region-within and of the level data-region-level. The suggestions are an ARIA
// combobox's listbox: the arrow keys move through them, Enter chooses, Escape closes. A choice
// writes the suggestion's label, "Cinunuk — Kec. Cileunyi, Kab. Bandung (32.04.05.2001)", whose
// code the server reads. For a list of regions (a textarea, one a line) a search box of its own
// appends the region chosen as a new line. Without this script the boxes take names or codes.
(function () {
  "use strict";
  var DELAY = 200;
  var pickers = 0;

  function searchBox(textarea) {
    var input = document.createElement("input");
    input.type = "text";
    input.id = (textarea.id || "regions") + "-search";
    var label = document.createElement("label");
    label.htmlFor = input.id;
    label.textContent = textarea.getAttribute("data-region-add");
    var row = document.createElement("div");
    row.className = "region-picker-add";
    row.append(label, input);
    textarea.after(row);
    return input;
  }

  function setUp(field) {
    var multiple = field.hasAttribute("data-region-multiple");
    var input = multiple ? searchBox(field) : field;
    pickers += 1;
    var wrapper = document.createElement("span");
    wrapper.className = "region-picker";
    input.before(wrapper);
    wrapper.append(input);
    var list = document.createElement("ul");
    list.id = "region-suggestions-" + pickers;
    list.className = "region-suggestions";
    list.setAttribute("role", "listbox");
    if (input.labels && input.labels.length) {
      list.setAttribute("aria-label", input.labels[0].textContent.trim());
    }
    list.hidden = true;
    wrapper.append(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var request = null;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function choose(text) {
      if (multiple) {
        var lines = field.value.replace(/\s+$/, "");
        field.value = (lines ? lines + "\n" : "") + text;
        input.value = "";
      } else {
        input.value = text;
      }
      close();
      input.focus();
    }

    function show(results) {
      list.replaceChildren();
      results.forEach(function (result, i) {
        var option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = result.label;
        // Keep the focus in the box while the pointer chooses.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
        });
        option.addEventListener("click", function () {
          choose(result.label);
        });
        list.append(option);
      });
      active = -1;
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      input.removeAttribute("aria-activedescendant");
    }

    function suggest() {
      var text = input.value.trim();
      if (request) {
        request.abort();
        request = null;
      }
      if (text.length < 2 || /\(\s*[0-9.ID]+\s*\)$/.test(text)) {
        close();
        return;
      }
      var url = new URL(field.getAttribute("data-region-search"), window.location.href);
      url.searchParams.set("q", text);
      if (field.hasAttribute("data-region-within")) {
        url.searchParams.set("di", field.getAttribute("data-region-within"));
      }
      if (field.hasAttribute("data-region-level")) {
        url.searchParams.set("tingkat", field.getAttribute("data-region-level"));
      }
      request = new AbortController();
      fetch(url, { signal: request.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (document.activeElement === input) {
            show(data.results || []);
          }
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(suggest, DELAY);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (open) {
          event.preventDefault();
          highlight(active + (event.key === "ArrowDown" ? 1 : -1));
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          choose(options()[active].textContent);
        } else if (multiple) {
          // Enter adds what was typed as a line rather than sending the form.
          event.preventDefault();
          if (input.value.trim()) {
            choose(input.value.trim());
          }
        }
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
  }

  document.querySelectorAll("[data-region-picker]").forEach(setUp);
})();
