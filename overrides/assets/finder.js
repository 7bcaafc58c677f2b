/* The finder at /library/ (src/iplibrary/finder.py writes the page): words and facets
   together. AND across facets, OR within one; each value shows how many results it would
   give if chosen, given the words and the other facets (computed here from the page's
   JSON of every resource's terms, intersected with Pagefind's results when there are
   words); sort by relevance, newest or title; 20 at a time; the whole state in the URL
   (?q=…&ip_rights=designs&regions=hong-kong&sort=newest), the back button included.
   Pagefind (/pagefind/pagefind.js, this site's own) is loaded with the first words only.
   Without JavaScript the page lists every resource and links every term page. */
(function () {
  "use strict";
  var root = document.getElementById("finder");
  if (!root) return;
  var EXCERPTS = 5; // results that get a highlighted excerpt: one fragment (~4 KB) each
  var data = JSON.parse(document.getElementById("finder-data").textContent);
  var strings = JSON.parse(root.getAttribute("data-strings"));
  var pageSize = parseInt(root.getAttribute("data-page-size"), 10);
  var searchForm = document.getElementById("finder-search");
  var input = document.getElementById("finder-q");
  var facetsForm = document.getElementById("finder-facets");
  var toggle = document.getElementById("finder-toggle");
  var sortBox = document.getElementById("finder-sort");
  var list = document.getElementById("finder-list");
  var status = document.getElementById("finder-count");
  var more = document.getElementById("finder-more");
  var feed = document.getElementById("finder-feed");
  var english = document.getElementById("finder-english"); // outside English: the same words in the English texts
  var items = {};
  var titleOrder = [];
  list.querySelectorAll("li[data-id]").forEach(function (item) {
    items[item.getAttribute("data-id")] = item;
    titleOrder.push(item.getAttribute("data-id"));
  });
  var titleRank = {};
  titleOrder.forEach(function (id, i) { titleRank[id] = i; });

  var state = emptyState();
  var found = null; // null without words; else [{id, result}] in Pagefind's order
  var shown = pageSize;
  var searchToken = 0;
  var engine = null;

  function emptyState() {
    var selected = {};
    data.facets.forEach(function (facet) { selected[facet] = []; });
    return { q: "", selected: selected, sort: "relevance" };
  }

  function fill(template, count) { return template.replace("{count}", String(count)); }

  // --- the URL holds the whole state ---------------------------------------------------
  function stateFromUrl() {
    var params = new URLSearchParams(location.search);
    var next = emptyState();
    next.q = (params.get("q") || "").trim();
    data.facets.forEach(function (facet) {
      params.getAll(facet).forEach(function (value) {
        value.split(",").forEach(function (term) {
          if (term && next.selected[facet].indexOf(term) === -1) next.selected[facet].push(term);
        });
      });
    });
    var sort = params.get("sort");
    if (sort === "newest" || sort === "title") next.sort = sort;
    return next;
  }

  function urlOf(current) {
    var params = new URLSearchParams();
    if (current.q) params.set("q", current.q);
    data.facets.forEach(function (facet) {
      if (current.selected[facet].length) params.set(facet, current.selected[facet].join(","));
    });
    if (current.sort !== "relevance") params.set("sort", current.sort);
    var query = params.toString().replace(/%2C/g, ",");
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function record(push) {
    var url = urlOf(state);
    if (url === location.pathname + location.search + location.hash) return;
    if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
  }

  function showState() {
    input.value = state.q;
    sortBox.value = state.sort;
    facetsForm.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      box.checked = state.selected[box.name].indexOf(box.value) !== -1;
    });
  }

  // --- words: Pagefind ------------------------------------------------------------------
  function loadEngine() {
    if (!engine) {
      var script = new URL(root.getAttribute("data-pagefind"), location.href).href;
      var ids = new URL(root.getAttribute("data-ids"), location.href).href;
      engine = Promise.all([
        import(script).then(function (pagefind) {
          return pagefind.options({ noWorker: true, excerptLength: 24 }).then(function () { return pagefind; });
        }),
        fetch(ids).then(function (response) {
          if (!response.ok) throw new Error(ids + ": " + response.status);
          return response.json();
        }).then(function (hashes) {
          // each resource's fragment hash, in the order of the sorted resource ids (search_index.encode_result_ids)
          var order = Object.keys(data.resources).sort(), byHash = {};  // as Python sorts ASCII ids
          hashes = hashes ? hashes.split(" ") : [];
          if (hashes.length !== order.length) throw new Error(ids + ": not this page's resources");
          hashes.forEach(function (hash, i) { byHash[hash] = order[i]; });
          return byHash;
        })
      ]);
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function search() {
    var token = ++searchToken;
    if (!state.q) {
      found = null;
      render();
      return Promise.resolve();
    }
    status.textContent = strings.searching;
    return loadEngine().then(function (loaded) {
      return loaded[0].search(state.q).then(function (response) {
        if (token !== searchToken) return;
        var ids = loaded[1];
        var seen = {};
        found = [];
        response.results.forEach(function (result) {
          var id = ids[result.id.slice(result.id.indexOf("_") + 1)];
          if (id && !seen[id] && data.resources[id]) {
            seen[id] = true;
            found.push({ id: id, result: result });
          }
        });
        render();
      });
    }).catch(function () {
      if (token !== searchToken) return;
      found = null;
      render();
      status.textContent = strings.unavailable;
    });
  }

  // --- facets ---------------------------------------------------------------------------
  function matches(terms, selected, except) {
    return data.facets.every(function (facet) {
      var wanted = selected[facet];
      if (facet === except || !wanted.length) return true;
      var have = terms[facet] || [];
      return wanted.some(function (term) { return have.indexOf(term) !== -1; });
    });
  }

  function candidates() {
    return found ? found.map(function (hit) { return hit.id; }) : titleOrder;
  }

  // facet -> value -> results if chosen: the words and the other facets apply, not its own
  function countsIfChosen(base) {
    var counts = {};
    data.facets.forEach(function (facet) { counts[facet] = {}; });
    base.forEach(function (id) {
      var terms = data.resources[id];
      data.facets.forEach(function (facet) {
        if (!matches(terms, state.selected, facet)) return;
        (terms[facet] || []).forEach(function (value) {
          counts[facet][value] = (counts[facet][value] || 0) + 1;
        });
      });
    });
    return counts;
  }

  function sorted(ids) {
    var byTitle = function (a, b) { return titleRank[a] - titleRank[b]; };
    if (state.sort === "newest") {
      return ids.slice().sort(function (a, b) {
        var da = data.resources[a].date, db = data.resources[b].date;
        return da < db ? 1 : da > db ? -1 : byTitle(a, b);
      });
    }
    if (state.sort === "title" || !found) return ids.slice().sort(byTitle);
    return ids; // relevance: Pagefind's order
  }

  function selectedCount() {
    return data.facets.reduce(function (sum, facet) { return sum + state.selected[facet].length; }, 0);
  }

  function showFeed() {
    var single = null;
    data.facets.forEach(function (facet) {
      if (facet in data.segments) state.selected[facet].forEach(function (term) { single = single ? false : [facet, term]; });
    });
    if (!single || state.q || selectedCount() !== 1) { feed.hidden = true; return; }
    var box = facetsForm.querySelector("input[name='" + single[0] + "'][value='" + single[1] + "']");
    var link = feed.querySelector("a");
    link.href = data.segments[single[0]] + "/" + single[1] + "/feed.xml";
    link.type = "application/rss+xml";
    link.textContent = strings.feed.replace("{term}", box ? box.getAttribute("data-label") : single[1]);
    feed.hidden = false;
  }

  function showExcerpts(ids) {
    if (!found) return;
    var hits = {};
    found.forEach(function (hit) { hits[hit.id] = hit.result; });
    ids.slice(0, EXCERPTS).forEach(function (id) {
      var item = items[id];
      if (item.querySelector(".finder-excerpt")) return;
      hits[id].data().then(function (page) {
        if (!page.excerpt || item.querySelector(".finder-excerpt")) return;
        var excerpt = document.createElement("p");
        excerpt.className = "finder-excerpt";
        var summary = item.querySelector(".finder-summary");
        if (summary.lang) excerpt.lang = summary.lang;
        excerpt.innerHTML = "… " + page.excerpt + " …"; // Pagefind escapes the text and adds <mark>
        summary.hidden = true; // the excerpt stands for the summary: where the words are
        summary.after(excerpt);
      });
    });
  }

  function render() {
    var base = candidates();
    var matched = sorted(base.filter(function (id) { return matches(data.resources[id], state.selected); }));
    list.querySelectorAll(".finder-excerpt").forEach(function (excerpt) { excerpt.remove(); });
    list.querySelectorAll(".finder-summary").forEach(function (summary) { summary.hidden = false; });
    var visible = matched.slice(0, shown);
    var fragment = document.createDocumentFragment();
    visible.forEach(function (id) { items[id].hidden = false; fragment.appendChild(items[id]); });
    titleOrder.forEach(function (id) {
      if (visible.indexOf(id) === -1) { items[id].hidden = true; fragment.appendChild(items[id]); }
    });
    list.appendChild(fragment);
    more.hidden = matched.length <= shown;
    status.textContent = matched.length ? (matched.length === 1 ? strings.one : fill(strings.other, matched.length)) : strings.none;
    var counts = countsIfChosen(base);
    facetsForm.querySelectorAll("input[type=checkbox]").forEach(function (box) {
      var count = counts[box.name][box.value] || 0;
      box.parentNode.querySelector(".finder-n").textContent = "(" + count + ")";
      box.parentNode.classList.toggle("finder-value--none", count === 0);
    });
    toggle.textContent = fill(strings.filters, selectedCount());
    showFeed();
    if (english) {
      english.hidden = !state.q;
      var link = english.querySelector("a");
      link.search = state.q ? "?q=" + encodeURIComponent(state.q) : "";
    }
    showExcerpts(visible);
  }

  // --- events ---------------------------------------------------------------------------
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      state.q = input.value.trim();
      shown = pageSize;
      record(false);
      search();
    }, 250);
  });
  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(typing);
    state.q = input.value.trim();
    shown = pageSize;
    record(true);
    search();
  });
  facetsForm.addEventListener("change", function (event) {
    var box = event.target;
    var values = state.selected[box.name];
    if (box.checked && values.indexOf(box.value) === -1) values.push(box.value);
    if (!box.checked && values.indexOf(box.value) !== -1) values.splice(values.indexOf(box.value), 1);
    shown = pageSize;
    record(true);
    render();
  });
  facetsForm.addEventListener("reset", function (event) {
    event.preventDefault();
    var q = state.q;
    state = emptyState();
    state.q = q;
    showState();
    shown = pageSize;
    record(true);
    render();
  });
  sortBox.addEventListener("change", function () {
    state.sort = sortBox.value;
    record(true);
    render();
  });
  more.addEventListener("click", function () {
    var first = shown;
    shown += pageSize;
    render();
    var next = list.children[first];
    if (next) next.querySelector("a").focus(); // keyboard users continue where the new results start
  });
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    facetsForm.classList.toggle("finder-facets--open", open);
  });
  window.addEventListener("popstate", function () {
    state = stateFromUrl();
    showState();
    shown = pageSize;
    search();
  });

  state = stateFromUrl();
  showState();
  searchForm.hidden = false;
  facetsForm.hidden = false;
  toggle.hidden = false;
  sortBox.parentNode.hidden = false;
  root.classList.add("finder--js");
  search();
})();
