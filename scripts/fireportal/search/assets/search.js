/*
 * FirePortal search client: finds any typed Chinese string in any document.
 *
 * Plain ES2018, no build step, no network beyond the site's own files. The
 * index is a set of <script> files (see fireportal/search/index.py) because
 * browsers block fetch, XHR and WebAssembly for pages opened from file://,
 * but still run <script src>. Each file calls window.__fpSearch.<kind>().
 *
 * The text rules, the search algorithm and the filters mirror
 * fireportal/search/text.py, query.py and facets.py line for line; change
 * both or neither.
 *
 * The header markup (overrides/partials/header.html) reuses Material's search
 * classes, but not `form[name=search]` nor `data-md-component=search`: those
 * two are what make Material's bundle fetch search/search_index.json and start
 * its lunr worker, so leaving them out keeps Material's search fully inert
 * while its CSS and the `__search` toggle still give the native look.
 */
(function () {
  "use strict";

  if (window.__fpSearch && window.__fpSearch.ready) return; // included twice

  var ROOT = "assets/fireportal-search/";
  var PAGE_SIZE = 10;
  var SNIPPET_CHARS = 110;
  var SNIPPET_BEFORE = 24;
  var FLAG_TITLE = 1;
  var FLAG_META = 2;
  var ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
  var WS = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff";
  var WS_SPLIT = new RegExp("[" + WS + "]+");
  var WORD = /^[\p{L}\p{N}]$/u;

  var ownScript = document.currentScript;

  /* ---------------------------------------------------------------- text */

  function foldChar(ch) {
    var o = ch.codePointAt(0);
    // Full-width digits and letters only: NFKC would also rewrite Chinese punctuation.
    if ((o >= 0xff10 && o <= 0xff19) || (o >= 0xff21 && o <= 0xff3a) || (o >= 0xff41 && o <= 0xff5a)) o -= 0xfee0;
    if (o >= 0x41 && o <= 0x5a) o += 0x20;
    return String.fromCodePoint(o);
  }

  // The characters foldChar changes (all in the BMP, so no u flag needed).
  var FOLDABLE = /[A-Z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g;

  // One character in, one out, so offsets in the folded text fit the shown text.
  // A regex replace, not a loop over every character: each result's texts are
  // folded while the reader waits, and most of them hold nothing to fold.
  function fold(text) {
    return text.replace(FOLDABLE, foldChar);
  }

  function isWord(ch) {
    return WORD.test(ch);
  }

  // Enough bigrams of a term to cover every character (see text.py).
  function coveringBigrams(folded) {
    var out = [];
    var runs = [];
    var run = [];
    for (var ch of folded) {
      if (isWord(ch)) {
        run.push(ch);
      } else {
        if (run.length) runs.push(run);
        run = [];
      }
    }
    if (run.length) runs.push(run);
    runs.forEach(function (r) {
      var n = r.length;
      if (n < 2) return;
      for (var i = 0; i < n - 1; i += 2) out.push(r[i] + r[i + 1]);
      if ((n - 2) % 2) out.push(r[n - 2] + r[n - 1]);
    });
    return out;
  }

  // (keys, title only) for one term: its covering bigrams, or, when it has
  // no two adjacent letters or digits, its single characters in titles.
  function queryGrams(term) {
    var grams = coveringBigrams(term);
    if (grams.length) return [grams, false];
    var chars = Array.from(term).filter(isWord);
    return [uniqueSorted(chars), true];
  }

  function queryTerms(query) {
    var folded = fold(query.normalize("NFC"));
    var seen = [];
    folded.split(WS_SPLIT).forEach(function (term) {
      if (term && Array.from(term).some(isWord) && seen.indexOf(term) < 0) seen.push(term);
    });
    return seen;
  }

  function shardHash(gram) {
    var h = 0x811c9dc5;
    for (var ch of gram) {
      h ^= ch.codePointAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
    return h >>> 0;
  }

  var DIGIT = new Int8Array(128);
  for (var d = 0; d < ALPHABET.length; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;

  // {size, docs, tf, flags}: typed arrays in ascending doc id order. A common
  // bigram (消防) is on every document, 10,000 entries at 10,000 documents:
  // plain arrays of numbers, no Map of small arrays for the collector to chase.
  function decodePostings(encoded) {
    var cap = encoded.length >> 1; // every posting takes at least two characters
    var docs = new Int32Array(cap);
    var tf = new Uint16Array(cap); // at most TF_CAP
    var flags = new Uint8Array(cap);
    var n = 0;
    var acc = 0;
    var doc = -1;
    var first = true;
    var gap = 0;
    for (var i = 0; i < encoded.length; i++) {
      var v = DIGIT[encoded.charCodeAt(i)];
      acc = acc * 32 + (v & 31);
      if (v < 32) {
        if (first) {
          gap = acc;
        } else {
          doc += gap + 1;
          docs[n] = doc;
          tf[n] = acc >> 3;
          flags[n] = acc & 7;
          n++;
        }
        first = !first;
        acc = 0;
      }
    }
    return { size: n, docs: docs.subarray(0, n), tf: tf.subarray(0, n), flags: flags.subarray(0, n) };
  }

  // Decoded posting lists, kept for the next queries (消防 in 消防 and
  // 消防安全); the oldest go first, so a long session stays at a few MB.
  var decodedLists = new Map();
  var DECODED_KEPT = 64;

  function decoded(gram, encoded) {
    var list = decodedLists.get(gram);
    if (!list) {
      list = decodePostings(encoded);
      decodedLists.set(gram, list);
      if (decodedLists.size > DECODED_KEPT) decodedLists.delete(decodedLists.keys().next().value);
    }
    return list;
  }

  /* ------------------------------------------------------------- loading */

  // heads: {id: a document file without its body}, from the shards (index.py
  // TOP_HEADS): enough to show a result before its file arrives. windows:
  // {id: [pieces of its body]}, around the first place of each bigram it is
  // among the best documents of (index.py WINDOW).
  var store = { manifest: null, shards: new Map(), docs: new Map(), heads: new Map(), windows: new Map(),
                facets: null, table: null };
  var loading = new Map();
  var base = null;

  window.__fpSearch = {
    ready: true,
    manifest: function (data) { store.manifest = data; },
    shard: function (id, data) {
      store.shards.set(id, data);
      Object.keys(data.h).forEach(function (key) { store.heads.set(Number(key), data.h[key]); });
      Object.keys(data.w || {}).forEach(function (gram) {
        data.w[gram].forEach(function (text, i) {
          var id = data.t[gram][1 + i];
          if (!text) return;
          if (store.windows.has(id)) store.windows.get(id).push(text);
          else store.windows.set(id, [text]);
        });
      });
    },
    doc: function (id, data) { store.docs.set(id, data); },
    facets: function (data) { store.facets = data; },
    // For tests and the curious: run a query without the UI. `filters`
    // ({year, unit, type}; null or absent: any) as in query.py.
    search: function (query, limit, filters) { return search(query, limit || PAGE_SIZE, filters || null); }
  };

  function siteBase() {
    // Material's __config holds the site root relative to this page.
    var config = document.getElementById("__config");
    if (config) {
      try {
        return new URL(JSON.parse(config.textContent).base, location.href).href.replace(/\/?$/, "/");
      } catch (err) { /* fall through */ }
    }
    return new URL("../../", ownScript ? ownScript.src : location.href).href;
  }

  function load(path) {
    if (base === null) base = siteBase();
    if (loading.has(path)) return loading.get(path);
    var promise = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = new URL(path, base).href;
      script.async = true;
      script.onload = function () { script.remove(); resolve(); };
      script.onerror = function () {
        script.remove();
        loading.delete(path);
        reject(new Error("无法加载 " + path));
      };
      document.head.appendChild(script);
    });
    loading.set(path, promise);
    return promise;
  }

  // The build appends the manifest to this file (index.py); manifest.js is
  // for a copy of the client without it.
  function loadManifest() {
    if (store.manifest) return Promise.resolve(store.manifest);
    return load(ROOT + "manifest.js").then(function () { return store.manifest; });
  }

  function loadShard(id) {
    return load(ROOT + "s/" + id + ".js?v=" + store.manifest.v).then(function () { return store.shards.get(id); });
  }

  // Loaded only when the reader opens the filters (see facets.py).
  function loadFacets() {
    return load(ROOT + "facets.js?v=" + store.manifest.v).then(function () {
      if (!store.table) store.table = facetTable(store.facets);
      return store.table;
    });
  }

  function loadDoc(id) {
    return load(ROOT + "d/" + id + ".js?v=" + store.manifest.v).then(function () { return store.docs.get(id); });
  }


  /* ------------------------------------------------------------- filters */

  function decodeCodes(codes, width, count) {
    var out = [];
    for (var i = 0; i < count; i++) {
      var value = 0;
      for (var j = i * width; j < (i + 1) * width; j++) value = value * 64 + ALPHABET.indexOf(codes[j]);
      out.push(value - 1);
    }
    return out;
  }

  function facetTable(payload) {
    var n = payload.docs;
    var runs = payload.years;
    var year = [];
    var order = [];
    runs.forEach(function (run, i) {
      var end = i + 1 < runs.length ? runs[i + 1][1] : n;
      for (var d = run[1]; d < end; d++) year.push(run[0]);
      if (order.indexOf(run[0]) < 0) order.push(run[0]);
    });
    return {
      year: year,
      yearOrder: order,
      unit: decodeCodes(payload.units.codes, payload.units.width, n),
      unitNames: payload.units.names,
      unitParents: payload.units.parents,
      type: decodeCodes(payload.types.codes, payload.types.width, n),
      typeNames: payload.types.names
    };
  }

  function given(value) {
    return value !== null && value !== undefined;
  }

  function depthOf(table, unit) {
    var d = 0;
    while (table.unitParents[unit] >= 0) { unit = table.unitParents[unit]; d++; }
    return d;
  }

  function yearOk(table, doc, f) {
    return !given(f.year) || table.year[doc] === f.year;
  }

  function unitOk(table, doc, f) {
    if (!given(f.unit)) return true;
    var unit = table.unit[doc];
    if (f.unit === "") return unit < 0;
    while (unit >= 0) {
      if (table.unitNames[unit] === f.unit) return true;
      unit = table.unitParents[unit];
    }
    return false;
  }

  function typeOk(table, doc, f) {
    if (!given(f.type)) return true;
    var kind = table.type[doc];
    return f.type === "" ? kind < 0 : kind >= 0 && table.typeNames[kind] === f.type;
  }

  function passes(table, doc, f) {
    return yearOk(table, doc, f) && unitOk(table, doc, f) && typeOk(table, doc, f);
  }

  // Counts per choice over the candidates; each dimension ignores its own choice.
  function facetCounts(table, candidates, f) {
    var years = new Map();
    var units = new Map();
    var types = new Map();
    function add(map, key) { map.set(key, (map.get(key) || 0) + 1); }
    candidates.forEach(function (doc) {
      var y = yearOk(table, doc, f);
      var u = unitOk(table, doc, f);
      var t = typeOk(table, doc, f);
      if (u && t) add(years, table.year[doc]);
      if (y && t) {
        var unit = table.unit[doc];
        if (unit < 0) add(units, -1);
        while (unit >= 0) { add(units, unit); unit = table.unitParents[unit]; }
      }
      if (y && u) add(types, table.type[doc]);
    });
    var out = { years: [], units: [], types: [] };
    table.yearOrder.forEach(function (y) { if (years.get(y)) out.years.push([y, years.get(y)]); });
    table.unitNames.forEach(function (name, i) {
      if (units.get(i)) out.units.push([name, depthOf(table, i), units.get(i)]);
    });
    if (units.get(-1)) out.units.push(["", 0, units.get(-1)]);
    table.typeNames.forEach(function (name, i) { if (types.get(i)) out.types.push([name, types.get(i)]); });
    if (types.get(-1)) out.types.push(["", types.get(-1)]);
    return out;
  }

  /* -------------------------------------------------------------- search */

  function uniqueSorted(list) {
    return Array.from(new Set(list)).sort();
  }

  var TF_CAP = 9999; // codec.py: tf is stored as min(tf, TF_CAP)
  var DOC_BITS = 16777216; // 2^24 documents

  // Candidates best first: field class, then more occurrences, then newer
  // (query.py's rank), in two steps so the first page can be shown before
  // the rest is sorted: score() finds the candidates, by walking the
  // id-sorted lists side by side from the shortest, and gives each a sort
  // key; leading() picks the best few in one pass, order() sorts them all.
  function score(lists, termGrams) {
    var grams = Object.keys(lists).sort(function (a, b) {
      return lists[a].size - lists[b].size || (a < b ? -1 : a > b ? 1 : 0);
    });
    var ls = grams.map(function (g) { return lists[g]; });
    var terms = termGrams.filter(function (gs) { return gs.length; }).map(function (gs) {
      return gs.map(function (g) { return grams.indexOf(g); });
    });
    var count = ls.length;
    var shortest = ls[0];
    // (class, -occurrences, id) as one exact number, sorted natively, when it
    // fits in 53 bits (always, short of 16 million documents).
    var packed = (terms.length * 2 + 1) * (TF_CAP + 1) * DOC_BITS < Number.MAX_SAFE_INTEGER &&
      (!shortest.size || shortest.docs[shortest.size - 1] < DOC_BITS);
    var keys = new Float64Array(shortest.size);
    var rows = [];
    var n = 0;
    var pos = new Int32Array(count);
    outer: for (var k = 0; k < shortest.size; k++) {
      var doc = shortest.docs[k];
      pos[0] = k;
      for (var j = 1; j < count; j++) {
        var list = ls[j];
        var p = pos[j];
        while (p < list.size && list.docs[p] < doc) p++;
        pos[j] = p;
        if (p === list.size) break outer;
        if (list.docs[p] !== doc) continue outer;
      }
      var cls = 0;
      for (var t = 0; t < terms.length; t++) {
        var common = 7;
        for (var g = 0; g < terms[t].length; g++) common &= ls[terms[t][g]].flags[pos[terms[t][g]]];
        cls += common & FLAG_TITLE ? 0 : common & FLAG_META ? 1 : 2;
      }
      var occ = TF_CAP;
      for (j = 0; j < count; j++) if (ls[j].tf[pos[j]] < occ) occ = ls[j].tf[pos[j]];
      if (packed) keys[n] = (cls * (TF_CAP + 1) + (TF_CAP - occ)) * DOC_BITS + doc;
      else rows.push([cls, -occ, doc]);
      n++;
    }
    return { n: n, keys: packed ? keys.subarray(0, n) : null, rows: packed ? null : rows };
  }

  function leading(scored, count) {
    return scored.keys ? topKeys(scored.keys, count) : Array.from(order(scored).slice(0, count));
  }

  // Every candidate's id, best first (an Int32Array when packed).
  function order(scored) {
    if (!scored.keys) {
      scored.rows.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
      return scored.rows.map(function (r) { return r[2]; });
    }
    var keys = scored.keys.sort();
    var ids = new Int32Array(keys.length);
    // Exact: dividing by a power of two and flooring lose nothing below 2^53
    // (and, unlike %, stay fast before the code is optimised).
    for (var i = 0; i < keys.length; i++) ids[i] = keys[i] - Math.floor(keys[i] / DOC_BITS) * DOC_BITS;
    return ids;
  }

  // The ids of the `count` smallest keys, smallest first, in one pass.
  function topKeys(keys, count) {
    var best = [];
    for (var i = 0; i < keys.length; i++) {
      var key = keys[i];
      if (best.length === count && key >= best[count - 1]) continue;
      var at = best.length < count ? best.length : count - 1;
      while (at > 0 && best[at - 1] > key) { best[at] = best[at - 1]; at--; }
      best[at] = key;
    }
    return best.map(function (key) { return key - Math.floor(key / DOC_BITS) * DOC_BITS; });
  }

  // The first query of a page that intersects long lists (专项整治三年行动:
  // four of 6,000-9,000 documents) ran decodePostings and score() as cold
  // code: 10-25 ms of the next query's 60-90 ms in Chromium went there,
  // against about 1 ms once V8 has compiled them. Running them once on
  // made-up lists while the reader is still typing leaves them compiled; the
  // made-up lists are not kept, so no query sees them.
  var warmed = false;

  function warmUp() {
    if (warmed) return;
    warmed = true;
    // Every posting "0a" (the next id, tf 1, in fields), some with a
    // two-character second number ("Ga"), as real lists have.
    var every = "0a".repeat(3000) + "0Ga".repeat(1000);
    var odd = "1a".repeat(2000) + "1Ga".repeat(500);
    var lists = { a: decodePostings(every), b: decodePostings(odd), c: decodePostings(every.slice(0, 2000) + odd) };
    // Twice: V8 compiles a function for good only once it has seen it run.
    for (var i = 0; i < 2; i++) {
      var scored = score(lists, [["a", "b"], ["c"]]);
      leading(scored, PAGE_SIZE);
    }
    order(scored);
  }

  // A head (a record without its body, x) gives every field but the body.
  function fields(record) {
    return [record.t, record.n].concat(record.m, record.x === undefined ? [] : [record.x]);
  }

  // Certainly a match before the file comes: every term is in the head or
  // in a piece of the body the shards carry.
  function matchesKnown(id, head, terms) {
    return matches({ t: head.t, n: head.n, m: head.m.concat(store.windows.get(id) || []) }, terms);
  }

  function matches(record, terms) {
    var folded = fields(record).map(fold);
    return terms.every(function (term) {
      return folded.some(function (text) { return text.indexOf(term) >= 0; });
    });
  }

  // [[text, highlighted], ...]; the longest term wins at each position.
  function highlight(text, terms) {
    var folded = fold(text);
    var byLength = terms.slice().sort(function (a, b) {
      return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
    });
    var out = [];
    var plainStart = 0;
    var i = 0;
    while (i < text.length) {
      var term = null;
      for (var k = 0; k < byLength.length; k++) {
        if (folded.startsWith(byLength[k], i)) { term = byLength[k]; break; }
      }
      if (term === null) { i++; continue; }
      if (plainStart < i) out.push([text.slice(plainStart, i), false]);
      out.push([text.slice(i, i + term.length), true]);
      i += term.length;
      plainStart = i;
    }
    if (plainStart < text.length) out.push([text.slice(plainStart), false]);
    return out;
  }

  function snippet(body, terms) {
    var folded = fold(body);
    var found = terms.map(function (t) { return folded.indexOf(t); }).filter(function (p) { return p >= 0; });
    var start = found.length ? Math.max(0, Math.min.apply(null, found) - SNIPPET_BEFORE) : 0;
    var end = Math.min(body.length, start + SNIPPET_CHARS);
    var segments = highlight(body.slice(start, end), terms);
    if (start > 0) segments.unshift(["…", false]);
    if (end < body.length) segments.push(["…", false]);
    return segments;
  }

  function makeHit(doc, record, terms) {
    return {
      id: doc,
      url: record.u,
      title: highlight(record.t, terms),
      date: record.d,
      unit: record.n,
      meta: record.m
        .filter(function (m) { var f = fold(m); return terms.some(function (t) { return f.indexOf(t) >= 0; }); })
        .map(function (m) { return highlight(m, terms); }),
      snippet: record.x === undefined ? null : snippet(record.x, terms) // null: a head, the file is on its way
    };
  }

  // A search is a cursor: `more()` verifies the next page of candidates.
  // `filters` null: no filtering and no facets.js download. `watch`
  // (optional, for the UI): `live()` returns false once the reader has typed
  // on, and the search then stops before decoding lists or downloading any
  // document file; `progress(state)` is called whenever the verified hits
  // grow, in rank order, before the page is complete, so the first result
  // shows as soon as its file arrives, not when the slowest of ten does;
  // `settled()`, if given, returns a promise that no document file is asked
  // for before (the reader may still be typing), or null.
  function search(query, limit, filters, watch) {
    var terms = queryTerms(query);
    var lookedUp = terms.map(queryGrams);
    var termGrams = lookedUp.map(function (g) { return uniqueSorted(g[0]); });
    var grams = uniqueSorted([].concat.apply([], termGrams));
    var state = { terms: terms, hits: [], early: [], candidates: 0, total: 0, tooShort: false, ranked: [], checked: 0, exact: false,
                  titleOnly: lookedUp.some(function (g) { return g[1]; }), filters: filters, facets: null,
                  live: (watch && watch.live) || null, progress: (watch && watch.progress) || null,
                  settled: (watch && watch.settled && watch.settled()) || null };
    // Registered first, so every later wait on it finds it null.
    if (state.settled) state.settled.then(function () { state.settled = null; });
    if (!grams.length) {
      state.tooShort = true;
      return Promise.resolve(state);
    }
    // A two-character term is exactly one indexed bigram, a one-character
    // term one indexed title character: nothing to verify.
    state.exact = terms.every(function (t) {
      var cps = Array.from(t);
      return (cps.length === 1 || cps.length === 2) && cps.every(isWord);
    });
    function stopped() { return state.live && !state.live(); }
    return loadManifest().then(function (manifest) {
      // A common bigram has a file of its own (index.py SOLO_BYTES).
      function shardId(g) {
        var solo = own(manifest.solo || {}, g); // none before format 4
        return solo === null ? shardHash(g) % manifest.shards : solo;
      }
      function shardOf(g) { return store.shards.get(shardId(g)); }
      var shardIds = uniqueSorted(grams.map(shardId));
      var loads = shardIds.map(loadShard);
      var all = Promise.all(filters ? loads.concat(loadFacets()) : loads).then(function () { return false; });
      // Without filters, a query none of whose grams is missing waits for
      // all its shards; one that is missing ends it at once (see absent).
      var race = filters ? all : Promise.race([all, absent(shardIds, loads, grams, shardId)]);
      return race.then(function (none) {
        if (stopped()) return state;
        if (none) {
          // What the steps below come to when a list is empty: no candidate.
          state.ranked = [];
          state.candidates = 0;
          state.total = 0;
          return state;
        }
        var shown = false;
        var first = [];
        // One key (消防, or 火): its shard already names its best documents
        // in rank order, and its list's length, so the first page is shown
        // before the list is decoded.
        if (!filters && grams.length === 1) {
          var top = own(shardOf(grams[0]).t, grams[0]);
          if (top) {
            state.candidates = top[0];
            first = top.slice(1, 1 + limit);
            shown = showFirst(state, first);
          }
        }
        // Asking for ten files takes the page 5-15 ms (on the loaded test
        // machine): after what was shown is painted, not before.
        if (!shown) askFor(state, first.slice(0, 1)); // the rest once it is in (more())
        return pause(shown).then(function () {
          if (stopped()) return state; // typed on: no file for this query
          if (shown) askFor(state, first);
          var lists = {};
          grams.forEach(function (g) { lists[g] = decoded(g, own(shardOf(g).k, g) || ""); });
          var scored = score(lists, termGrams);
          // Without filters the first page is the best candidates: show what
          // the heads can, and ask for their files, while the rest are put
          // in order (more() finds them already loading).
          var lead = !filters && !shown && scored.n ? leading(scored, limit) : [];
          var again = lead.length ? showFirst(state, lead, scored.n) : false;
          // Nothing shown: the first result waits for the best file, which
          // goes out alone (more() asks for the others once it is in).
          if (!again) askFor(state, lead.slice(0, 1));
          return pause(again).then(function () {
            if (stopped()) return state;
            if (again) askFor(state, lead);
            state.ranked = order(scored);
            if (filters) {
              var table = store.table;
              state.facets = facetCounts(table, state.ranked, filters);
              // Before any document file is opened: a filter only saves downloads.
              state.ranked = state.ranked.filter(function (doc) { return passes(table, doc, filters); });
            }
            state.candidates = state.ranked.length;
            return more(state, limit);
          });
        });
      });
    });
  }

  // Resolves true as soon as one of the query's shards arrives without one
  // of the query's grams that it would list: that gram is in no document
  // (a shard lists every gram hashed or given to it that any document
  // holds), so no document holds every gram and the query has no result,
  // whatever its other shards say. Such a query then waits for one file
  // instead of the slowest of its files: 量子纠缠's two shards usually
  // arrive within 10 ms of each other, but 56 ms apart in one of 26 runs
  // at 10,000 documents on the loaded test machine. The other files still
  // arrive and are kept. Never resolves otherwise: all wins the race.
  function absent(shardIds, loads, grams, shardId) {
    return new Promise(function (resolve) {
      shardIds.forEach(function (id, i) {
        loads[i].then(function () {
          var keys = store.shards.get(id).k;
          if (grams.some(function (g) { return shardId(g) === id && own(keys, g) === null; })) resolve(true);
        }, function () {}); // a failed file is reported by all
      });
    });
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;
  }

  // Lets the browser paint what was just shown before the next long step.
  function pause(yes) {
    return yes ? new Promise(function (resolve) { setTimeout(resolve, 0); }) : Promise.resolve();
  }

  // more() finds these files already on their way; a failed one is reported
  // there. Once the reader has stopped typing (state.settled), and only if
  // this search is still the current one.
  function askFor(state, ids) {
    function ask() {
      if (!state.live || state.live()) ids.forEach(function (doc) { loadDoc(doc).catch(function () {}); });
    }
    if (state.settled) state.settled.then(ask);
    else ask();
  }

  // The best candidates `ids` (in rank order) are known: show at once,
  // without snippets, those whose heads are in the loaded shards, as far as
  // each can be shown in order: a head must be there, and it or the pieces
  // of the body the shards carry must hold every term unless the query is
  // exact (the rest of the body may hold a term, but only the file can tell). more() later puts the snippets in;
  // the list then reads exactly as without this step. True when anything
  // was shown.
  function showFirst(state, ids, candidates) {
    if (candidates !== undefined) state.candidates = candidates;
    var early = [];
    for (var i = 0; i < ids.length; i++) {
      var head = store.heads.get(ids[i]);
      if (!head || (!state.exact && !matchesKnown(ids[i], head, state.terms))) break;
      early.push(makeHit(ids[i], head, state.terms));
    }
    state.early = early;
    if (!early.length || !state.progress || (state.live && !state.live())) return false;
    state.total = state.exact ? state.candidates : null;
    state.progress(state);
    return true;
  }

  function more(state, limit) {
    var goal = state.hits.length + limit;
    function step() {
      if (state.live && !state.live()) return Promise.resolve(state);
      if (state.hits.length >= goal || state.checked >= state.ranked.length) {
        state.total = state.exact ? state.ranked.length
          : state.checked === state.ranked.length ? state.hits.length : null;
        return Promise.resolve(state);
      }
      // Not before: a query without candidates is answered at once.
      if (state.settled) return state.settled.then(step);
      var batch = state.ranked.slice(state.checked, state.checked + goal - state.hits.length);
      state.checked += batch.length;
      // The files load in parallel and arrive in any order; each is checked
      // as soon as every file ranked before it is in, so hits stay in rank order.
      // While nothing is shown the best file goes out alone and the others
      // follow it: from file://, the first result of a query that waits for
      // its file came a sixth to two fifths sooner than with ten files asked
      // for together (over http.server no slower). The price: the rest of
      // the page, and a best candidate that turns out not to hold the query,
      // come a round later.
      var records = new Array(batch.length);
      var arrived = new Array(batch.length);
      var next = 0;
      var staged = !state.hits.length && !state.early.length && batch.length > 1;
      return new Promise(function (resolve, reject) {
        function check(doc, i) {
          loadDoc(doc).then(function (record) {
            records[i] = record;
            arrived[i] = true;
            var grew = false;
            for (; next < batch.length && arrived[next]; next++) {
              if (matches(records[next], state.terms)) {
                state.hits.push(makeHit(batch[next], records[next], state.terms));
                grew = true;
              }
            }
            if (next === batch.length) {
              resolve();
            } else if (grew && state.progress && (!state.live || state.live())) {
              state.total = state.exact ? state.ranked.length : null;
              state.progress(state);
            }
          }).catch(reject); // a broken file fails the search, as before
        }
        if (!staged) {
          batch.forEach(check);
          return;
        }
        check(batch[0], 0);
        loadDoc(batch[0]).then(function () {
          if (state.live && !state.live()) return resolve(); // typed on: step() stops
          batch.slice(1).forEach(function (doc, i) { check(doc, i + 1); });
        }, function () {});
      }).then(step);
    }
    return step();
  }

  /* ------------------------------------------------------------------ UI */

  var ui = null;

  function setToggle(value) {
    // Material listens for `change` on the checkbox (scroll lock, overlay), so click it.
    var toggle = document.getElementById("__search");
    if (toggle && toggle.checked !== value) toggle.click();
  }

  function isOpen() {
    var toggle = document.getElementById("__search");
    return !!(toggle && toggle.checked);
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function appendSegments(parent, segments) {
    segments.forEach(function (s) {
      parent.appendChild(s[1] ? el("mark", "", s[0]) : document.createTextNode(s[0]));
    });
    return parent;
  }

  function hitHref(url) {
    var href = new URL(url, base);
    // From file:// a directory URL shows a folder listing, not the page.
    if (href.protocol === "file:" && /\/$/.test(href.pathname)) href.pathname += "index.html";
    return href.href;
  }

  function renderHit(hit) {
    var item = el("li", "md-search-result__item");
    // Reachable with Tab (after the filters) as well as with the arrow keys.
    var link = el("a", "md-search-result__link");
    link.href = hitHref(hit.url);
    var article = el("article", "md-search-result__article md-typeset fp-search__article");
    article.appendChild(el("div", "md-search-result__icon md-icon"));
    article.appendChild(appendSegments(el("h1", "fp-search__title"), hit.title));
    var meta = el("p", "fp-search__meta");
    [hit.date, hit.unit].filter(Boolean).forEach(function (text) {
      meta.appendChild(el("span", "fp-search__field", text));
    });
    hit.meta.forEach(function (segments) {
      meta.appendChild(appendSegments(el("span", "fp-search__field fp-search__tag"), segments));
    });
    if (meta.childNodes.length) article.appendChild(meta);
    link.appendChild(article);
    item.appendChild(link);
    if (hit.snippet) addSnippet(item, hit);
    return item;
  }

  // The snippet is the article's last part: a result shown from its head
  // (without one) reads like any other once its file has come.
  function addSnippet(item, hit) {
    item.querySelector("article").appendChild(appendSegments(el("p", "fp-search__snippet"), hit.snippet));
  }

  /* ------------------------------------------------------- filter panel */

  // The three filters, in panel order: the key in {year, unit, type}, the
  // word for "all", and how a value reads ("" is the documents without one).
  var FILTERS = [
    { key: "year", all: "全部年份", none: "日期不详", label: function (v) { return v + "年"; } },
    { key: "unit", all: "全部单位", none: "单位不详", label: function (v) { return v; } },
    { key: "type", all: "全部类型", none: "类型不详", label: function (v) { return v; } }
  ];

  // <option value>: "" all, "none" the documents without one, "=<value>" a value.
  function optionValue(value) {
    return value === "" ? "none" : "=" + value;
  }

  function fromOption(value) {
    return value === "" ? null : value === "none" ? "" : value.slice(1);
  }

  function chosen() {
    return FILTERS.filter(function (f) { return given(ui.filters[f.key]); });
  }

  function filterWords(filters) {
    return FILTERS.filter(function (f) { return given(filters[f.key]); }).map(function (f) {
      var value = filters[f.key];
      if (value === "") return f.none;
      return f.key === "unit" ? value + "（含下级单位）" : f.label(value);
    });
  }

  // What search() gets: the choices while the panel is open or any is made;
  // otherwise null, so a plain query never downloads facets.js.
  function activeFilters() {
    return ui.filtersOpen || chosen().length ? ui.filters : null;
  }

  function fillSelect(select, spec, counts) {
    var value = ui.filters[spec.key];
    select.textContent = "";
    select.appendChild(el("option", "", spec.all)).value = "";
    var listed = false;
    counts.forEach(function (c) {
      var v = c[0];
      var depth = spec.key === "unit" ? c[1] : 0;
      var count = c[c.length - 1];
      // Full-width spaces indent a unit under its parent (总队 › 支队 › 大队).
      var text = "\u3000".repeat(depth) + (v === "" ? spec.none : spec.label(v)) + "（" + count + "）";
      var option = el("option", "", text);
      option.value = optionValue(v);
      select.appendChild(option);
      if (given(value) && v === value) listed = true;
    });
    if (given(value) && !listed) {
      // A choice the current query no longer has stays visible (and undoable).
      var kept = el("option", "", (value === "" ? spec.none : spec.label(value)) + "（0）");
      kept.value = optionValue(value);
      select.appendChild(kept);
    }
    select.value = given(value) ? optionValue(value) : "";
  }

  function renderFilters(state) {
    if (!ui.toggle) return;
    var idle = !state || state.tooShort;
    var count = chosen().length;
    ui.toggle.hidden = idle && !count;
    ui.toggle.textContent = count ? "筛选（已选 " + count + " 项）" : "筛选";
    ui.toggle.setAttribute("aria-expanded", ui.filtersOpen ? "true" : "false");
    ui.panel.hidden = !ui.filtersOpen || ui.toggle.hidden;
    ui.clear.disabled = !count;
    if (state && state.facets) {
      FILTERS.forEach(function (spec) {
        fillSelect(ui.selects[spec.key], spec, state.facets[spec.key + "s"]);
      });
      ui.hint.textContent = state.exact ? "括号内为篇数" : "括号内为最多篇数（含尚未核对全文的文件）";
    }
  }

  function setFiltersOpen(open) {
    ui.filtersOpen = open;
    renderFilters(ui.state);
    if (open && ui.input.value.trim()) run(); // load facets.js and fill the lists
  }

  function clearFilters() {
    FILTERS.forEach(function (f) { ui.filters[f.key] = null; });
    run();
  }

  /* ------------------------------------------------------- results panel */

  var TITLE_ONLY = "单字只检索标题，输入两个字以上可检索全文";

  function summary(state) {
    if (state.tooShort) return "请输入要查找的字词";
    var note = state.titleOnly ? "（" + TITLE_ONLY + "）" : "";
    var words = state.filters ? filterWords(state.filters) : [];
    var filtered = words.length ? "，已筛选：" + words.join("、") : "";
    var shown = Math.max(state.hits.length, state.early.length);
    if (!shown) return "没有找到与“" + state.terms.join(" ") + "”相关的文档" + filtered + note;
    if (state.total !== null) return "共 " + state.total + " 篇" + filtered + note;
    // Candidates not yet checked may still turn out not to contain the query.
    return "最多 " + state.candidates + " 篇，已显示 " + shown + " 篇" + filtered + note;
  }

  // `partial`: the page is still being checked (search's progress); the
  // hits shown so far are final and in order, so later calls only append,
  // or add the snippet to a result shown early from its head (state.early:
  // the first results, each of them hits[i] once its file is in).
  function render(state, partial) {
    ui.state = state;
    // For scripts and tests: which query the list shows, and whether it is final.
    ui.root.setAttribute("data-fp-search-query", ui.input.value);
    ui.root.setAttribute("data-fp-search-state", partial ? "loading" : "done");
    ui.meta.textContent = summary(state);
    renderFilters(state);
    var listed = ui.listed && ui.listed.state === state ? ui.listed : null;
    var moreItem = ui.list.querySelector(".fp-search__more-item");
    if (!listed) {
      ui.list.textContent = "";
      listed = ui.listed = { state: state, count: 0, items: [] };
    } else if (moreItem) {
      moreItem.remove();
    }
    var fragment = document.createDocumentFragment();
    for (var i = listed.count; i < state.hits.length; i++) {
      if (i < listed.items.length) addSnippet(listed.items[i], state.hits[i]);
      else fragment.appendChild(listed.items[i] = renderHit(state.hits[i]));
    }
    listed.count = state.hits.length;
    for (i = listed.items.length; i < state.early.length; i++) {
      fragment.appendChild(listed.items[i] = renderHit(state.early[i]));
    }
    ui.list.appendChild(fragment);
    if (!partial && state.hits.length && state.checked < state.ranked.length) {
      var item = el("li", "md-search-result__item fp-search__more-item");
      var button = el("button", "fp-search__more", "显示更多");
      button.type = "button";
      button.addEventListener("click", function () {
        var token = ui.token;
        var shown = state.hits.length;
        button.disabled = true;
        more(state, PAGE_SIZE).then(function () {
          if (token !== ui.token) return;
          render(state);
          var next = resultFocusables()[1 + shown]; // the first newly shown result
          if (next) next.focus();
        }, fail);
      });
      item.appendChild(button);
      ui.list.appendChild(item);
    }
  }

  function fail(err) {
    ui.meta.textContent = "搜索索引加载失败，请刷新页面后重试";
    if (window.console) console.warn(err);
  }

  // `docsFrom`: a performance.now() time before which the search asks for
  // no document file (see typed); 0: at once.
  function run(docsFrom) {
    var query = ui.input.value;
    var token = ++ui.token;
    ui.ran = query;
    ui.root.setAttribute("data-fp-search-state", "loading");
    if (!query.trim()) {
      ui.root.setAttribute("data-fp-search-state", "idle");
      ui.meta.textContent = "键入以开始搜索";
      ui.list.textContent = "";
      ui.listed = null;
      ui.state = null;
      renderFilters(null);
      return;
    }
    if (!store.manifest) ui.meta.textContent = "正在加载索引…";
    var filters = activeFilters();
    var watch = {
      live: function () { return token === ui.token; },
      progress: function (state) { render(state, true); },
      settled: function () { return docsFrom ? until(docsFrom) : null; }
    };
    search(query, PAGE_SIZE, filters && Object.assign({}, filters), watch).then(function (state) {
      if (token === ui.token) render(state);
    }, function (err) {
      if (token === ui.token) fail(err);
      ui.root.setAttribute("data-fp-search-state", "error");
    });
  }

  function until(time) {
    return new Promise(function (resolve) { setTimeout(resolve, Math.max(0, time - performance.now())); });
  }

  // Each committed input searches at once, with no typing pause to wait for:
  // a Chinese IME commits a whole word in one event, whose first results
  // come from its shards. Typed key by key (digits, letters, pinyin without
  // an IME, Backspace), every prefix is a search too, and its shards mostly
  // serve the longer prefixes; but a prefix's document files (its snippets,
  // or a first result its shards cannot show) are downloaded for nothing
  // once the next key comes. At 10,000 documents a unit name typed key by
  // key loaded 220 KB of shards, its own ten files (35 KB) and, on a loaded
  // machine, 27-47 KB of its prefixes' files. So while keys come less than
  // KEY_GAP apart, and for a single character (nearly always a longer
  // query's first key), document files wait until no key has come for
  // KEY_PAUSE ms; the results the shards can show are shown at once all the
  // same. Keys typed as fast as a script types them came 2-200 ms apart on
  // the loaded test machine (median 11-13 ms, 90th percentile 34-59 ms).
  var KEY_PAUSE = 150;
  var KEY_GAP = 400;

  // compositionend and the input event after it in some browsers are one
  // commit: the same text is not searched twice.
  function typed() {
    if (ui.input.value === ui.ran) return;
    var now = performance.now();
    var text = ui.input.value.trim();
    var keying = ui.typedAt !== null && now - ui.typedAt < KEY_GAP;
    ui.typedAt = text ? now : null; // an emptied box starts the next query afresh
    run(keying || Array.from(text).length === 1 ? now + KEY_PAUSE : 0);
  }

  /* ------------------------------------------------------------ keyboard */

  // The arrow keys move between the box and the results, as in Material.
  function resultFocusables() {
    return [ui.input].concat(Array.from(ui.list.querySelectorAll("a[href], button:not([disabled])")));
  }

  // The filter button and panel keep their own keys (Space, arrows in a list).
  function isFilterControl(node) {
    return !!node && ((ui.toggle && node === ui.toggle) || (ui.panel && ui.panel.contains(node)));
  }

  function onKey(ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.isComposing) return;
    var active = document.activeElement;
    if (!isOpen()) {
      var typing = active && (active.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName));
      if (!typing && (ev.key === "/" || ev.key === "s" || ev.key === "f")) {
        ev.preventDefault();
        ui.input.focus();
        ui.input.select();
      }
      return;
    }
    if (ev.key === "Escape") {
      setToggle(false);
      if (ui.root.contains(active)) active.blur();
      return;
    }
    // Tab is left to the browser: it walks the box, the filters and the
    // results; leaving the search with it closes the search (focusout).
    if (isFilterControl(active)) return;
    switch (ev.key) {
      case "Enter":
        if (active === ui.input) {
          ev.preventDefault();
          var first = ui.list.querySelector("a[href]");
          if (first) first.click();
        }
        break;
      case "ArrowUp":
      case "ArrowDown":
        var els = resultFocusables();
        var i = Math.max(0, els.indexOf(active));
        els[(i + els.length + (ev.key === "ArrowUp" ? -1 : 1)) % els.length].focus();
        ev.preventDefault();
        break;
      default:
        if (active !== ui.input && (ev.key.length === 1 || ev.key === "Backspace")) ui.input.focus();
    }
  }

  function mount() {
    var root = document.querySelector("[data-fp-search]");
    if (!root || ui) return;
    ui = {
      root: root,
      form: root.querySelector("form"),
      input: root.querySelector("[data-fp-search-input]"),
      meta: root.querySelector("[data-fp-search-meta]"),
      list: root.querySelector("[data-fp-search-list]"),
      toggle: root.querySelector("[data-fp-search-filter-toggle]"),
      panel: root.querySelector("[data-fp-search-filters]"),
      clear: root.querySelector("[data-fp-search-filter-clear]"),
      hint: root.querySelector("[data-fp-search-filter-hint]"),
      selects: {},
      filters: { year: null, unit: null, type: null },
      filtersOpen: false,
      state: null,
      token: 0,
      ran: null,
      typedAt: null, // performance.now() of the last input that left text in the box
      listed: null // {state, count}: the hits the list shows
    };
    base = siteBase();
    // Any focus inside the search opens it: the box, or the filters and
    // results reached with Shift+Tab from behind.
    root.addEventListener("focusin", function () {
      // Deferred: when the header's label was clicked, its own default action
      // flips the toggle after this handler; opening now would be undone.
      setTimeout(function () { setToggle(true); }, 0);
    });
    // Tab (or a click) out of the search closes it, as Material's Tab did.
    root.addEventListener("focusout", function (ev) {
      var to = ev.relatedTarget;
      if (to instanceof Node && !root.contains(to) && isOpen()) setToggle(false);
    });
    ui.input.addEventListener("focus", function () {
      loadManifest().catch(fail); // warm up while the reader types
      // In a task of its own, after the focus is handled. A key typed in the
      // same instant waits for it (15-30 ms of cold code in Node on the
      // loaded test machine); a reader's first key comes later than that.
      setTimeout(warmUp, 0);
    });
    ui.input.addEventListener("input", function (ev) {
      if (!ev.isComposing) typed(); // wait for the IME to commit the characters
    });
    ui.input.addEventListener("compositionend", typed);
    ui.form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    ui.form.addEventListener("reset", function () {
      setTimeout(function () { run(); ui.input.focus(); }, 0);
    });
    ui.list.addEventListener("click", function (ev) {
      if (ev.target instanceof Element && ev.target.closest("a")) setToggle(false);
    });
    if (ui.toggle && ui.panel) {
      FILTERS.forEach(function (spec) {
        var select = ui.panel.querySelector("[data-fp-search-filter=" + spec.key + "]");
        ui.selects[spec.key] = select;
        select.addEventListener("change", function () {
          ui.filters[spec.key] = fromOption(select.value);
          run();
        });
      });
      ui.toggle.addEventListener("click", function () { setFiltersOpen(!ui.filtersOpen); });
      ui.clear.addEventListener("click", clearFilters);
    }
    // Bring up the keyboard on phones: focusing must happen in the click.
    // (Only the header's open button, as in Material: the back arrow inside
    // the box is a label for the same toggle and must close it.)
    var opener = document.querySelector("header [for=__search]");
    if (opener) opener.addEventListener("click", function () { ui.input.focus(); });
    window.addEventListener("keydown", onKey);
    var q = new URL(location.href).searchParams.get("q");
    if (q) {
      ui.input.value = q;
      ui.input.focus();
      run();
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
