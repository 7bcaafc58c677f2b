/* The library hub's filters: AND across facets, OR within one, a live count, and the
   state in the URL query so that a filtered view can be shared. Runs only on the hub;
   without JavaScript the hub lists everything and links to the term pages. */
(function () {
  "use strict";
  var form = document.getElementById("library-filter");
  var list = document.getElementById("library-list");
  var data = document.getElementById("library-index");
  if (!form || !list || !data) return;
  var index = JSON.parse(data.textContent);
  var counts = JSON.parse(form.getAttribute("data-counts"));
  var status = document.getElementById("library-count");

  function selected() {
    var chosen = {};
    index.facets.forEach(function (facet) { chosen[facet] = []; });
    form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      chosen[box.name].push(box.value);
    });
    return chosen;
  }

  function matches(terms, chosen) {
    return index.facets.every(function (facet) {
      var wanted = chosen[facet];
      if (!wanted.length) return true;
      var have = terms[facet] || [];
      return wanted.some(function (term) { return have.indexOf(term) !== -1; });
    });
  }

  function apply() {
    var chosen = selected();
    var shown = 0;
    list.querySelectorAll("li[data-id]").forEach(function (item) {
      var visible = matches(index.resources[item.getAttribute("data-id")] || {}, chosen);
      item.hidden = !visible;
      if (visible) shown += 1;
    });
    status.textContent = shown === 1 ? counts.one : counts.other.replace("{count}", String(shown));
    var query = new URLSearchParams();
    index.facets.forEach(function (facet) {
      if (chosen[facet].length) query.set(facet, chosen[facet].join(","));
    });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  var params = new URLSearchParams(location.search);
  index.facets.forEach(function (facet) {
    var values = (params.get(facet) || "").split(",").concat(params.getAll(facet).slice(1));
    form.querySelectorAll("input[name='" + facet + "']").forEach(function (box) {
      box.checked = values.indexOf(box.value) !== -1;
    });
  });
  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  apply();
})();
