/* Filter menus under the search box: year, agency, type and region.
 *
 * A menu writes its filter into the query itself (`年份:2023`, `agency:"Jinhua …"`), which the
 * search worker (archive-search.js) reads: what is filtered stays visible and editable in the
 * box, and a search with filters can be shared as `?q=…`. The values come from
 * archive-search-facets.js (build_scripts/render/search_data.py), loaded the first time the
 * search box is used.
 */
(function () {
  "use strict";
  var here = document.currentScript.src;

  function loadFacets(done) {
    if (window.archiveSearchFacets) return done(window.archiveSearchFacets);
    var script = document.createElement("script");
    script.src = new URL("archive-search-facets.js", here).href;
    script.onload = function () { done(window.archiveSearchFacets); };
    document.head.appendChild(script);
  }

  function quoted(value) {
    return /[\s"]/.test(value) ? "\u201c" + value + "\u201d" : value;
  }

  function withFilter(query, facets, facet, value) {
    var names = Object.keys(facets.tokens).filter(function (name) { return facets.tokens[name] === facet; });
    var pattern = new RegExp("(^|\\s)(" + names.map(function (n) {
      return n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")[:\uff1a](\"[^\"]*\"|\u201c[^\u201d]*\u201d|\\S+)", "gi");
    var rest = query.replace(pattern, " ").replace(/\s+/g, " ").trim();
    return value ? (facets.own_tokens[facet] + ":" + quoted(value) + " " + rest).trim() : rest;
  }

  function build(form, input, facets) {
    var bar = document.createElement("div");
    bar.className = "archive-search-filters";
    bar.setAttribute("data-archive-search-filters", "");
    Object.keys(facets.values).forEach(function (facet) {
      if (!facets.values[facet].length) return;
      var select = document.createElement("select");
      select.name = facet;
      select.setAttribute("aria-label", facets.labels[facet]);
      var any = new Option(facets.labels[facet] + ": " + facets.labels.any, "");
      select.add(any);
      facets.values[facet].forEach(function (value) { select.add(new Option(value, value)); });
      select.addEventListener("change", function () {
        input.value = withFilter(input.value, facets, facet, select.value);
        input.focus();
        input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));  // Material searches on keyup
      });
      bar.appendChild(select);
    });
    form.parentNode.insertBefore(bar, form.nextSibling);
  }

  function start() {
    var form = document.querySelector("form.md-search__form");
    var input = form && form.querySelector("input.md-search__input");
    var toggle = document.getElementById("__search");
    if (!form || !input) return;
    var started = false;
    function once() {
      if (started) return;
      started = true;
      loadFacets(function (facets) { if (facets) build(form, input, facets); });
    }
    input.addEventListener("focus", once);
    if (toggle) toggle.addEventListener("change", once);
    if (toggle && toggle.checked) once();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
