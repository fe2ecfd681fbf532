/* rashomon report: draws every section from the embedded JSON. Untrusted text only ever goes
   through textContent; links are "#..." routes or http(s) URLs checked in Python and here. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("rashomon-data").textContent);
  var PAGE = 50;
  var SVGNS = "http://www.w3.org/2000/svg";

  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    var k;
    for (k in attrs || {}) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] === null || attrs[k] === undefined) continue;
      if (k === "text") el.textContent = attrs[k];
      else if (k === "class") el.className = attrs[k];
      else if (k === "href") el.setAttribute("href", safeHref(attrs[k]));
      else if (k.slice(0, 2) === "on") el.addEventListener(k.slice(2), attrs[k]);
      else el.setAttribute(k, attrs[k]);
    }
    (kids || []).forEach(function (kid) {
      if (kid === null || kid === undefined || kid === "") return;
      el.appendChild(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(String(kid)) : kid);
    });
    return el;
  }
  function svg(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) el.setAttribute(k, attrs[k]);
    return el;
  }
  function safeHref(url) {
    url = String(url);
    if (url.charAt(0) === "#") return url;
    return /^https?:\/\/[^\s]+$/i.test(url) ? url : "#";
  }
  function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); return el; }
  function mag(m) {
    if (!m) return "";
    if (m[0] !== null && m[1] === m[0]) return String(m[0]);
    if (m[0] !== null && m[1] === null) return "\u2265" + m[0];
    return (m[0] === null ? "?" : m[0]) + "\u2013" + m[1];
  }
  function place(p) { return p ? p.name + (p.country ? " (" + p.country + ")" : "") : ""; }
  function cut(text, n) { text = text.replace(/\s+/g, " ").trim(); return text.length > n ? text.slice(0, n - 1) + "\u2026" : text; }
  function docRoute(i, s, e) { return "#doc/" + i + (s !== undefined ? "/" + s + "/" + e : ""); }
  /* documents[].text is the ingested text (offsets point into it); d.edits are the stretches cleaning
     removed ([s, e, "", rule]) or replaced ([s, e, shown, rule]): snippets show the text as cleaned */
  function cleanSlice(d, a, b) {
    var out = "", at = a;
    (d.edits || []).forEach(function (x) {
      if (x[1] <= a || x[0] >= b) return;
      out += d.text.slice(at, Math.max(at, x[0]));
      if (x[0] >= a) out += x[2];
      at = Math.max(at, Math.min(x[1], b));
    });
    return out + d.text.slice(at, b);
  }
  function reason(rule) { return String(rule).replace(/^(remove|fix|normalise)_/, "").replace(/_/g, " "); }
  function evidenceText(ev) { var e = D.events[ev]; return cleanSlice(D.docs[e.doc], e.ev[0], e.ev[1]); }
  function evidenceLink(ev) {
    var e = D.events[ev];
    return h("a", {href: docRoute(e.doc, e.ev[0], e.ev[1]), "class": "evidence", text: "\u201c" + cut(evidenceText(ev), 220) + "\u201d"});
  }
  /* an evidence sentence with the words carrying the disputed value marked, linking to the article */
  function valueEvidence(x) {
    var d = D.docs[x.doc], s = x.span[0], e = x.span[1];
    var a = h("a", {href: docRoute(x.doc, s, e), "class": "evidence"}, ["\u201c"]);
    var at = s;
    x.marks.forEach(function (m) {
      if (m[0] < at) return;
      a.appendChild(document.createTextNode(cleanSlice(d, at, m[0])));
      a.appendChild(h("mark", {"class": "val", text: cleanSlice(d, m[0], m[1])}));
      at = m[1];
    });
    a.appendChild(document.createTextNode(cleanSlice(d, at, e) + "\u201d"));
    return h("div", {}, [a, " ", h("span", {"class": "muted", text: d.source})]);
  }
  function clusterLabel(c) { return (c.date || "undated") + " " + c.type + (c.place ? " \u00b7 " + c.place.name : ""); }
  function clusterLink(i, label) { return h("a", {href: "#cluster/" + i, text: label || clusterLabel(D.clusters[i])}); }

  /* a paged table with an optional filter box; rows are built only for the page shown */
  function pagedTable(root, opts) {
    var state = {page: 0, items: opts.items, query: ""};
    var bar = h("div", {"class": "bar"});
    var info = h("span", {"class": "muted"});
    var prev = h("button", {type: "button", text: "\u2190 previous", onclick: function () { state.page--; draw(); }});
    var next = h("button", {type: "button", text: "next \u2192", onclick: function () { state.page++; draw(); }});
    if (opts.filter) {
      var box = h("input", {type: "search", placeholder: opts.placeholder || "filter", "aria-label": opts.placeholder || "filter"});
      box.addEventListener("input", function () {
        state.query = box.value.toLowerCase();
        state.items = state.query ? opts.items.filter(function (it) { return opts.filter(it, state.query); }) : opts.items;
        state.page = 0;
        draw();
      });
      bar.appendChild(box);
    }
    bar.appendChild(prev); bar.appendChild(next); bar.appendChild(info);
    var table = h("table", {"class": "list " + (opts.cls || "")});
    var thead = h("thead", {}, [h("tr", {}, opts.head.map(function (c) { return h("th", {text: c}); }))]);
    var tbody = h("tbody");
    table.appendChild(thead); table.appendChild(tbody);
    root.appendChild(bar); root.appendChild(table);
    function draw() {
      var size = opts.size || PAGE;
      var pages = Math.max(1, Math.ceil(state.items.length / size));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      clear(tbody);
      state.items.slice(state.page * size, (state.page + 1) * size).forEach(function (it) {
        var row = opts.row(it);
        (Array.isArray(row) ? row : [row]).forEach(function (r) { tbody.appendChild(r); });
      });
      if (!state.items.length) tbody.appendChild(h("tr", {}, [h("td", {colspan: opts.head.length, "class": "muted", text: "none"})]));
      info.textContent = state.items.length + " \u00b7 page " + (state.page + 1) + " of " + pages;
      prev.disabled = state.page === 0; next.disabled = state.page >= pages - 1;
    }
    draw();
  }
  function td(x) { return h("td", {}, Array.isArray(x) ? x : [x]); }

  /* --- stories and digests --- */
  function drawStories() {
    var root = document.getElementById("stories");
    var shown = D.stories.slice().sort(function (a, b) { return b.docs.length - a.docs.length; });
    pagedTable(root, {
      items: shown, head: ["story", "digest"], size: 20, placeholder: "filter stories",
      filter: function (s, q) { return s.title.toLowerCase().indexOf(q) >= 0; },
      row: function (s) {
        var digest = h("ul", {"class": "digest"});
        s.digest.forEach(function (x) {
          var li = h("li", {}, [x.text + " "]);
          if (x.sources.length) li.appendChild(h("span", {"class": "muted", text: "\u2014 " + x.sources.join(", ") + " "}));
          x.clusters.forEach(function (c) { li.appendChild(h("a", {"class": "tag", href: "#cluster/" + c, text: D.clusters[c].id})); li.appendChild(document.createTextNode(" ")); });
          x.docs.forEach(function (d) { li.appendChild(h("a", {"class": "tag", href: docRoute(d), text: D.docs[d].source || D.docs[d].title})); li.appendChild(document.createTextNode(" ")); });
          digest.appendChild(li);
        });
        if (!s.digest.length) {
          s.clusters.slice(0, 5).forEach(function (c) { digest.appendChild(h("li", {}, [clusterLink(c)])); });
          if (!s.clusters.length) digest.appendChild(h("li", {"class": "muted", text: "no events found"}));
        }
        var docs = h("div", {"class": "muted"}, [s.docs.length + " documents: "]);
        s.docs.slice(0, 8).forEach(function (d, n) { if (n) docs.appendChild(document.createTextNode(" \u00b7 ")); docs.appendChild(h("a", {href: docRoute(d), text: D.docs[d].source || D.docs[d].title})); });
        return h("tr", {}, [h("td", {}, [h("b", {text: s.title}), docs]), td(digest)]);
      }
    });
  }

  /* --- timeline: one dot per dated cluster, a row per event type; then the clusters in date order --- */
  function drawTimeline() {
    var box = document.getElementById("timeline-chart");
    var dated = D.timeline.filter(function (i) { return !isNaN(Date.parse(D.clusters[i].date.slice(0, 10))); });
    if (!dated.length) { box.appendChild(h("p", {"class": "muted", text: "No dated event clusters."})); }
    else {
      var types = [];
      dated.forEach(function (i) { if (types.indexOf(D.clusters[i].type) < 0) types.push(D.clusters[i].type); });
      types.sort();
      var times = dated.map(function (i) { return Date.parse(D.clusters[i].date.slice(0, 10)); });
      var sorted = times.slice().sort(function (a, b) { return a - b; });
      var t0 = sorted[0], t1 = sorted[sorted.length - 1];
      /* the narrowest window holding 80% of the dates */
      var k = Math.max(1, Math.ceil(0.8 * sorted.length)), lo = t0, hi = t1;
      for (var a = 0; a + k - 1 < sorted.length; a++) {
        if (sorted[a + k - 1] - sorted[a] < hi - lo) { lo = sorted[a]; hi = sorted[a + k - 1]; }
      }
      var DAY = 86400000, clipped = false;
      if (t1 - t0 > 4 * (hi - lo) + 30 * DAY) { t0 = lo - DAY; t1 = hi + DAY; clipped = true; }  /* a few far-off dates would squash the rest */
      if (t1 === t0) { t0 -= DAY; t1 += DAY; }
      var W = 1000, L = 110, R = 20, top = 10, rowH = 26, H = top + types.length * rowH + 30;
      var chart = svg("svg", {viewBox: "0 0 " + W + " " + H, "class": "timeline", role: "img", "aria-label": "timeline of event clusters"});
      types.forEach(function (t, n) {
        var y = top + n * rowH + rowH / 2;
        chart.appendChild(svg("line", {x1: L, x2: W - R, y1: y, y2: y, "class": "row"}));
        var label = svg("text", {x: L - 8, y: y + 4, "class": "label", "text-anchor": "end"});
        label.textContent = t;
        chart.appendChild(label);
      });
      [t0, (t0 + t1) / 2, t1].forEach(function (t, n) {
        var x = L + (t - t0) / (t1 - t0) * (W - L - R);
        var tick = svg("text", {x: x, y: H - 8, "class": "label", "text-anchor": ["start", "middle", "end"][n]});
        tick.textContent = new Date(t).toISOString().slice(0, 10);
        chart.appendChild(tick);
      });
      dated.forEach(function (i, n) {
        var c = D.clusters[i];
        var outside = times[n] < t0 || times[n] > t1;
        var x = L + (Math.min(Math.max(times[n], t0), t1) - t0) / (t1 - t0) * (W - L - R);
        var y = top + types.indexOf(c.type) * rowH + rowH / 2;
        var dot = svg("circle", {cx: x, cy: y, r: 4 + Math.min(8, 2 * Math.sqrt(c.corroboration)), "class": "dot" + (c.conflicts.length ? " conflicted" : "") + (outside ? " outside" : ""), tabindex: "0"});
        var title = svg("title", {});
        title.textContent = clusterLabel(c) + " \u2014 " + c.corroboration + " source(s)" + (c.conflicts.length ? ", conflicting accounts" : "");
        dot.appendChild(title);
        dot.addEventListener("click", function () { location.hash = "#cluster/" + i; });
        chart.appendChild(dot);
      });
      box.appendChild(chart);
      if (clipped) box.appendChild(h("p", {"class": "muted", text: "The axis spans the busiest period (80% of dated events); hollow dots at the edges lie earlier or later (see the table)."}));
    }
    pagedTable(document.getElementById("timeline"), {
      items: D.timeline, head: ["date", "type", "where", "who", "to whom", "dead", "sources", "conflicts"],
      placeholder: "filter events",
      filter: function (i, q) { var c = D.clusters[i]; return (clusterLabel(c) + " " + c.actors.join(" ") + " " + c.recipients.join(" ") + " " + c.sources.join(" ")).toLowerCase().indexOf(q) >= 0; },
      row: function (i) {
        var c = D.clusters[i];
        return h("tr", {"class": c.conflicts.length ? "conflicted" : ""}, [
          td(clusterLink(i, c.date || "undated")), td(c.type), td(place(c.place)), td(c.actors.join("; ")),
          td(c.recipients.join("; ")), td(mag(c.dead)), td(c.corroboration + " (" + c.sources.length + ")"),
          td(c.conflicts.map(function (f) { return h("span", {"class": "tag bad", text: f.field}); }))]);
      }
    });
  }

  /* --- map: located clusters over the country outlines drawn in Python --- */
  function drawMap() {
    var map = document.getElementById("map-svg");
    var layer = document.getElementById("map-points");
    var home = map.getAttribute("viewBox").split(" ").map(Number);
    var vb = home.slice();
    var unit = home[2] / 250;
    var located = 0;
    function setView(next) {
      var w = Math.min(home[2], Math.max(home[2] / 64, next[2]));
      var hgt = w * home[3] / home[2];
      var x = Math.min(Math.max(next[0], home[0]), home[0] + home[2] - w);
      var y = Math.min(Math.max(next[1], home[1]), home[1] + home[3] - hgt);
      vb = [x, y, w, hgt];
      map.setAttribute("viewBox", vb.join(" "));
      var scale = w / home[2];
      Array.prototype.forEach.call(layer.childNodes, function (dot) { dot.setAttribute("r", dot.getAttribute("data-r") * scale); });
    }
    function zoom(factor, cx, cy) {
      var w = vb[2] * factor, hh = vb[3] * factor;
      setView([cx - (cx - vb[0]) * factor, cy - (cy - vb[1]) * factor, w, hh]);
    }
    function toMap(event) {
      var box = map.getBoundingClientRect();
      var s = Math.max(vb[2] / box.width, vb[3] / box.height);
      var ox = (box.width - vb[2] / s) / 2, oy = (box.height - vb[3] / s) / 2;
      return [vb[0] + (event.clientX - box.left - ox) * s, vb[1] + (event.clientY - box.top - oy) * s, s];
    }
    map.addEventListener("wheel", function (event) {
      event.preventDefault();
      var p = toMap(event);
      zoom(event.deltaY < 0 ? 0.8 : 1.25, p[0], p[1]);
    }, {passive: false});
    var drag = null;
    map.addEventListener("pointerdown", function (event) { if (event.target === map || event.target.tagName === "path") drag = [event.clientX, event.clientY, vb.slice(), toMap(event)[2]]; });
    window.addEventListener("pointerup", function () { drag = null; });
    map.addEventListener("pointermove", function (event) {
      if (!drag) return;
      setView([drag[2][0] - (event.clientX - drag[0]) * drag[3], drag[2][1] - (event.clientY - drag[1]) * drag[3], drag[2][2], drag[2][3]]);
    });
    document.getElementById("map-in").addEventListener("click", function () { zoom(0.5, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); });
    document.getElementById("map-out").addEventListener("click", function () { zoom(2, vb[0] + vb[2] / 2, vb[1] + vb[3] / 2); });
    document.getElementById("map-reset").addEventListener("click", function () { setView(home.slice()); });
    D.clusters.forEach(function (c, i) {
      if (!c.place || c.place.lat === null || c.place.lon === null) return;
      located++;
      var r = unit * (1 + Math.sqrt(c.corroboration));
      var dot = svg("circle", {cx: c.place.lon, cy: -c.place.lat, r: r, "data-r": r, "class": "dot" + (c.conflicts.length ? " conflicted" : ""), tabindex: "0"});
      var title = svg("title", {});
      title.textContent = clusterLabel(c) + " \u2014 " + c.corroboration + " source(s)";
      dot.appendChild(title);
      dot.addEventListener("click", function () { location.hash = "#cluster/" + i; });
      layer.appendChild(dot);
    });
    document.getElementById("map-note").textContent = located + " of " + D.clusters.length + " event clusters located" +
      (located ? "; dot size grows with independent sources, red rings mark conflicting accounts." : ".");
  }

  /* --- conflicts: one row per side, with its sources and evidence --- */
  function drawConflicts() {
    var rows = [];
    D.clusters.forEach(function (c, i) {
      c.conflicts.forEach(function (f) { f.values.forEach(function (v, n) { rows.push({c: i, f: f, v: v, first: n === 0}); }); });
    });
    pagedTable(document.getElementById("conflicts"), {
      items: rows, head: ["event", "field", "value", "sources", "evidence"], cls: "conflicts", placeholder: "filter conflicts",
      filter: function (r, q) { return (clusterLabel(D.clusters[r.c]) + " " + r.f.field + " " + r.v.value + " " + r.v.sources.join(" ")).toLowerCase().indexOf(q) >= 0; },
      row: function (r) {
        var ev = h("div");
        r.v.evidence.slice(0, 3).forEach(function (x) { ev.appendChild(valueEvidence(x)); });
        var tr = h("tr", {"class": "conflict-row" + (r.first ? " first" : "")}, [
          td(clusterLink(r.c)), td(r.f.field), td(h("b", {text: String(r.v.value)})), td(r.v.sources.join(", ")), td(ev)]);
        if (r.v.evidence.length) {
          tr.addEventListener("click", function (event) {
            if (event.target.closest && event.target.closest("a")) return;
            var x = r.v.evidence[0];
            location.hash = docRoute(x.doc, x.span[0], x.span[1]);
          });
        }
        return tr;
      }
    });
  }

  /* --- agreement: sources x clusters --- */
  function drawMatrix() {
    var root = document.getElementById("matrix");
    var M = D.matrix;
    var cols = [];
    D.timeline.forEach(function (i) { if (D.clusters[i].sources.length) cols.push(i); });
    /* events told by several sources first: that is where agreement means something */
    var order = {};
    cols.forEach(function (i, n) { order[i] = n; });
    cols.sort(function (a, b) { return (D.clusters[b].sources.length > 1) - (D.clusters[a].sources.length > 1) || order[a] - order[b]; });
    if (!M.sources.length || !cols.length) { root.appendChild(h("p", {"class": "muted", text: "No event clusters with sources."})); return; }
    var lookup = M.cells.map(function (row) { var m = {}; row.forEach(function (cell) { m[cell[0]] = cell[1]; }); return m; });
    var per = 30, page = 0;
    var bar = h("div", {"class": "bar"});
    var info = h("span", {"class": "muted"});
    var holder = h("div", {"class": "scroll"});
    var prev = h("button", {type: "button", text: "\u2190 earlier", onclick: function () { page--; draw(); }});
    var next = h("button", {type: "button", text: "later \u2192", onclick: function () { page++; draw(); }});
    bar.appendChild(prev); bar.appendChild(next); bar.appendChild(info);
    root.appendChild(bar); root.appendChild(holder);
    function draw() {
      var pages = Math.ceil(cols.length / per);
      page = Math.min(Math.max(0, page), pages - 1);
      var shown = cols.slice(page * per, (page + 1) * per);
      var head = h("tr", {}, [h("th", {text: "source \\ event"})].concat(shown.map(function (i) {
        var c = D.clusters[i];
        return h("th", {"class": "col"}, [h("a", {href: "#cluster/" + i, title: clusterLabel(c) + " (" + c.id + ")", text: c.type.slice(0, 7)}),
          h("div", {"class": "muted", text: (c.date || "").length >= 10 ? c.date.slice(5, 10) : c.date || "\u2014"})]);
      })));
      var body = M.sources.map(function (s, n) {
        return h("tr", {}, [h("th", {text: s})].concat(shown.map(function (i) {
          var st = lookup[n][i];
          return h("td", {"class": "cell " + (st || ""), title: st ? s + ": " + st + "s on " + clusterLabel(D.clusters[i]) : "", text: st === "agree" ? "\u2713" : st === "dissent" ? "\u2717" : ""});
        })));
      });
      clear(holder).appendChild(h("table", {"class": "matrix"}, [h("thead", {}, [head]), h("tbody", {}, body)]));
      info.textContent = cols.length + " events \u00b7 " + M.sources.length + " sources \u00b7 page " + (page + 1) + " of " + pages;
      prev.disabled = page === 0; next.disabled = page >= pages - 1;
    }
    draw();
  }

  /* --- entities and documents --- */
  function drawEntities() {
    pagedTable(document.getElementById("entities"), {
      items: D.entities.map(function (e, i) { return i; }), head: ["name", "type", "country", "aliases", "documents"],
      placeholder: "filter entities",
      filter: function (i, q) { var e = D.entities[i]; return (e.name + " " + e.aliases.join(" ") + " " + e.type + " " + e.country).toLowerCase().indexOf(q) >= 0; },
      row: function (i) {
        var e = D.entities[i];
        return h("tr", {}, [td(h("a", {href: "#entity/" + i, text: e.name})), td(e.type), td(e.country), td(e.aliases.join(" \u00b7 ")), td(String(e.ndocs))]);
      }
    });
  }
  function drawDocuments() {
    var counts = D.docs.map(function () { return 0; });
    D.events.forEach(function (e) { counts[e.doc]++; });
    pagedTable(document.getElementById("documents"), {
      items: D.docs.map(function (d, i) { return i; }), head: ["title", "source", "published", "events"],
      placeholder: "search the articles",
      filter: function (i, q) { var d = D.docs[i]; return (d.title + " " + d.source).toLowerCase().indexOf(q) >= 0 || d.text.toLowerCase().indexOf(q) >= 0; },
      row: function (i) { var d = D.docs[i]; return h("tr", {}, [td(h("a", {href: docRoute(i), text: d.title})), td(d.source), td(d.published), td(String(counts[i]))]); }
    });
  }

  /* --- the viewer: an article with its evidence highlighted, a cluster, or an entity's mentions --- */
  var viewer = document.getElementById("viewer");
  var body = document.getElementById("viewer-body");
  function closeViewer() {
    viewer.hidden = true;
    history.replaceState(null, "", location.pathname + location.search);
  }
  document.getElementById("viewer-close").addEventListener("click", closeViewer);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !viewer.hidden) closeViewer(); });

  function snap(x, edits, isEnd) {
    for (var n = 0; n < edits.length; n++) if (edits[n][0] < x && x < edits[n][1]) return isEnd ? edits[n][1] : edits[n][0];
    return x;
  }
  /* the article, cleaned for reading, with spans [start, end, class] marked; offsets stay the ingested text's */
  function marked(d, spans) {
    var text = d.text, edits = d.edits || [], starts = {};
    edits.forEach(function (x) { starts[x[0]] = x; });
    spans = spans.map(function (s) { return [snap(s[0], edits, false), snap(s[1], edits, true), s[2]]; })
      .filter(function (s) { return s[0] < s[1]; });
    var cuts = [0, text.length];
    spans.forEach(function (s) { cuts.push(s[0], s[1]); });
    edits.forEach(function (x) { cuts.push(x[0], x[1]); });
    cuts = cuts.filter(function (x, n, a) { return x >= 0 && x <= text.length && a.indexOf(x) === n; }).sort(function (a, b) { return a - b; });
    var out = h("div", {"class": "text"});
    var selMark = null;
    for (var n = 0; n + 1 < cuts.length; n++) {
      var a = cuts[n], b = cuts[n + 1];
      var cls = [];
      spans.forEach(function (s) { if (s[0] <= a && b <= s[1] && cls.indexOf(s[2]) < 0) cls.push(s[2]); });
      var x = starts[a], piece;
      if (x && x[1] === b && !x[2]) piece = h("del", {"class": "debris", title: "removed by cleaning: " + reason(x[3]), text: text.slice(a, b)});
      else if (x && x[1] === b && !(/^\s*$/.test(x[2]) && /^\s*$/.test(text.slice(a, b)))) piece = h("span", {"class": "cleaned", title: "cleaned (" + reason(x[3]) + "), was: " + text.slice(a, b), text: x[2]});
      else if (x && x[1] === b) piece = document.createTextNode(x[2]);
      else piece = document.createTextNode(text.slice(a, b));
      if (!cls.length) { out.appendChild(piece); continue; }
      var m = h("mark", {"class": cls.join(" ")}, [piece]);
      if (cls.indexOf("sel") >= 0 && !selMark) { selMark = m; m.id = "sel"; }
      out.appendChild(m);
    }
    return {node: out, sel: selMark};
  }
  function showDoc(i, s, e) {
    var d = D.docs[i];
    if (!d) return;
    var spans = [];
    D.events.forEach(function (ev) { if (ev.doc === i) spans.push([ev.ev[0], ev.ev[1], "ev"]); });
    d.quotes.forEach(function (q) { spans.push([q[0], q[1], "qt"]); });
    if (!isNaN(s) && !isNaN(e) && s < e) spans.push([s, e, "sel"]);
    var meta = h("p", {"class": "muted"}, [(d.source || "unknown source") + " \u00b7 " + (d.published || "undated")]);
    if (d.url && /^https?:\/\//i.test(d.url)) { meta.appendChild(document.createTextNode(" \u00b7 ")); meta.appendChild(h("a", {href: d.url, rel: "noopener noreferrer nofollow", target: "_blank", text: "original"})); }
    else if (d.rawUrl) meta.appendChild(h("span", {"class": "url", text: " \u00b7 " + d.rawUrl}));
    var t = marked(d, spans);
    clear(body).appendChild(h("h2", {text: d.title}));
    body.appendChild(meta);
    body.appendChild(h("p", {"class": "legend"}, [h("mark", {"class": "ev", text: "event evidence"}), " ", h("mark", {"class": "qt", text: "quote"}), " ", h("mark", {"class": "sel", text: "selected"})]));
    if (d.edits && d.edits.some(function (x) { return !x[2]; })) {
      body.appendChild(h("input", {type: "checkbox", id: "show-debris", "class": "debris-toggle"}));
      body.appendChild(h("label", {"for": "show-debris", "class": "muted", text: " show what cleaning removed"}));
    }
    body.appendChild(t.node);
    if (d.quotes.length) {
      var said = h("ul", {"class": "quotes"});
      d.quotes.forEach(function (q) {
        said.appendChild(h("li", {}, [h("b", {text: (q[2] || "unattributed") + ": "}), h("a", {href: docRoute(i, q[0], q[1]), text: "\u201c" + cut(cleanSlice(d, q[0], q[1]), 200) + "\u201d"})]));
      });
      body.appendChild(h("h3", {text: "Who said what"}));
      body.appendChild(said);
    }
    open();
    if (t.sel) t.sel.scrollIntoView({block: "center"}); else body.scrollTop = 0;
  }
  function showCluster(i) {
    var c = D.clusters[i];
    if (!c) return;
    clear(body).appendChild(h("h2", {text: clusterLabel(c)}));
    var facts = [["who", c.actors.join("; ")], ["to whom", c.recipients.join("; ")], ["where", place(c.place)], ["dead", mag(c.dead)],
      ["injured", mag(c.injured)], ["sources", c.corroboration + " independent: " + c.sources.join(", ") + (c.single ? " (single source)" : "")]];
    body.appendChild(h("dl", {"class": "facts"}, [].concat.apply([], facts.map(function (f) { return [h("dt", {text: f[0]}), h("dd", {text: f[1] || "\u2014"})]; }))));
    if (c.conflicts.length) {
      body.appendChild(h("h3", {text: "Conflicting accounts"}));
      c.conflicts.forEach(function (f) {
        var ul = h("ul");
        f.values.forEach(function (v) {
          var li = h("li", {}, [h("b", {text: String(v.value)}), " \u2014 " + v.sources.join(", ")]);
          v.evidence.forEach(function (x) { li.appendChild(valueEvidence(x)); });
          ul.appendChild(li);
        });
        body.appendChild(h("div", {}, [h("h4", {text: f.field}), ul]));
      });
    }
    body.appendChild(h("h3", {text: "Reports"}));
    var ul = h("ul");
    c.events.forEach(function (e) {
      var ev = D.events[e];
      var li = h("li", {}, [h("span", {"class": "muted", text: (D.docs[ev.doc].source || "") + ": "}), evidenceLink(e)]);
      if (ev.modality && ev.modality !== "asserted") li.appendChild(h("span", {"class": "tag", text: ev.modality}));
      if (ev.negated) li.appendChild(h("span", {"class": "tag bad", text: "denied"}));
      ul.appendChild(li);
    });
    body.appendChild(ul);
    open();
    body.scrollTop = 0;
  }
  function showEntity(i) {
    var e = D.entities[i];
    if (!e) return;
    clear(body).appendChild(h("h2", {text: e.name}));
    body.appendChild(h("p", {"class": "muted", text: e.type + (e.country ? " \u00b7 " + e.country : "") + " \u00b7 aliases: " + e.aliases.join(" \u00b7 ")}));
    var ul = h("ul", {"class": "mentions"});
    e.mentions.forEach(function (m) {
      var d = D.docs[m[0]];
      var a = Math.max(0, m[1] - 80), b = Math.min(d.text.length, m[2] + 80);
      ul.appendChild(h("li", {}, [h("a", {href: docRoute(m[0], m[1], m[2]), text: d.title}), " ", h("span", {"class": "muted", text: d.source}),
        h("div", {}, ["\u2026" + cleanSlice(d, a, m[1]), h("mark", {"class": "sel", text: cleanSlice(d, m[1], m[2])}), cleanSlice(d, m[2], b) + "\u2026"])]));
    });
    if (!e.mentions.length) ul.appendChild(h("li", {"class": "muted", text: "no mentions"}));
    body.appendChild(ul);
    open();
    body.scrollTop = 0;
  }
  function open() { viewer.hidden = false; }
  function route() {
    var parts = location.hash.slice(1).split("/");
    var n = parseInt(parts[1], 10);
    if (parts[0] === "doc") showDoc(n, parseInt(parts[2], 10), parseInt(parts[3], 10));
    else if (parts[0] === "cluster") showCluster(n);
    else if (parts[0] === "entity") showEntity(n);
  }

  drawStories();
  drawTimeline();
  drawMap();
  drawConflicts();
  drawMatrix();
  drawEntities();
  drawDocuments();
  window.addEventListener("hashchange", route);
  route();
  document.body.setAttribute("data-ready", "1");
})();
