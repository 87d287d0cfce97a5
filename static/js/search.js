/* Search for lotrinh sites: reads the index the build writes under
 * /search/<lang>/ (docs/search.md) and shows results as the visitor types.
 * No framework, no dependency. Text from the index is only ever put in the
 * page with DOM text nodes, never parsed as HTML. */
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  if (!form || !window.fetch || !String.prototype.normalize || !window.Map) return;
  var input = form.querySelector('input[name="q"]');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var all = document.getElementById('search-all');
  var base = form.getAttribute('data-index');
  var lang = form.getAttribute('data-lang') || document.documentElement.lang;
  var labels = JSON.parse(form.getAttribute('data-sections') || '{}');
  var MAX = 50;              /* results shown */
  var RERANK = 100;          /* best candidates re-ranked with their titles */
  var manifest = null;       /* a promise of index.json */
  var shards = new Map();    /* file number -> promise of { t, p, map } */
  var docChunks = new Map(); /* chunk number -> promise of docs */
  var timer = 0;
  var run = 0;               /* the latest search; older ones drop their results */

  function text(key, n, q) {
    var s = form.getAttribute('data-t-' + key) || '';
    var num = typeof n === 'number' ? n.toLocaleString(lang) : '';
    return s.replace('{1}', num).replace('{2}', q || '');
  }

  /* The index's folding (u8_fold in the generator): case folded, NFD,
   * combining marks dropped, đ -> d. */
  function fold(s) {
    return s.normalize('NFC').toUpperCase().toLowerCase().normalize('NFD')
      .replace(/\p{M}+/gu, '').replace(/đ/g, 'd').replace(/ß/g, 'ss');
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }
  /* The words as typed, lower case, for exact-diacritic matches. */
  function exactWords(s) {
    return s.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}\p{M}]+/u).filter(Boolean);
  }

  function getJSON(name, fresh) {
    return fetch(base + name, fresh ? { cache: 'no-cache' } : {}).then(function (r) {
      if (!r.ok) throw new Error(name + ': ' + r.status);
      return r.json();
    });
  }
  function loadManifest() {
    if (!manifest) manifest = getJSON('index.json', true);
    return manifest;
  }
  function versioned(name, m) { return name + '?v=' + encodeURIComponent(m.hash); }

  function loadShard(m, k) {
    if (!shards.has(k)) {
      shards.set(k, getJSON(versioned('terms-' + k + '.json', m)).then(function (s) {
        s.map = new Map();
        for (var i = 0; i < s.t.length; i++) s.map.set(s.t[i], i);
        return s;
      }));
    }
    return shards.get(k);
  }

  /* The shard files that can hold w: the one whose prefix is the longest
   * prefix of w, and, for a prefix search, those of longer prefixes of w. */
  function shardsFor(m, w, prefix) {
    var best = null, files = new Set();
    Object.keys(m.shards).forEach(function (p) {
      if (w.slice(0, p.length) === p && (best === null || p.length > best.length)) best = p;
      if (prefix && p.length > w.length && p.slice(0, w.length) === w) files.add(m.shards[p]);
    });
    if (best !== null) files.add(m.shards[best]);
    return Array.from(files);
  }

  function addPostings(scores, post, factor) {
    for (var i = 0, doc = 0; i < post.length; i += 2) {
      doc += post[i];
      var s = post[i + 1] * factor;
      if (!(scores.get(doc) >= s)) scores.set(doc, s);
    }
  }

  /* doc id -> score for one query word: its best posting in each page; a
   * longer word that only starts with w counts half. */
  function scoreWord(m, w, prefix) {
    return Promise.all(shardsFor(m, w, prefix).map(function (k) { return loadShard(m, k); }))
      .then(function (loaded) {
        var scores = new Map();
        loaded.forEach(function (s) {
          var i = s.map.get(w);
          if (i !== undefined) addPostings(scores, s.p[i], 1);
          if (!prefix) return;
          for (var j = 0; j < s.t.length; j++) {
            var t = s.t[j];
            if (t.length > w.length && t.slice(0, w.length) === w) addPostings(scores, s.p[j], 0.5);
          }
        });
        return scores;
      });
  }

  function loadDocs(m, ids) {
    var need = new Set();
    ids.forEach(function (id) {
      var k = 0;
      while (k + 1 < m.docs.length && m.docs[k + 1] <= id) k++;
      need.add(k);
    });
    return Promise.all(Array.from(need).map(function (k) {
      if (!docChunks.has(k)) docChunks.set(k, getJSON(versioned('docs-' + k + '.json', m)));
      return docChunks.get(k).then(function (docs) { return { k: k, docs: docs }; });
    })).then(function (chunks) {
      var byK = new Map();
      chunks.forEach(function (c) { byK.set(c.k, c.docs); });
      return function doc(id) {
        var k = 0;
        while (k + 1 < m.docs.length && m.docs[k + 1] <= id) k++;
        return byK.get(k)[id - m.docs[k]];
      };
    });
  }

  /* Extra points when a word typed with its diacritics is in the title or
   * summary exactly as typed: "dân" puts pages about dân before "dần". */
  function exactBonus(d, typed, prefixLast) {
    var bonus = 0;
    var title = exactWords(d[1]), summary = exactWords(d[3]);
    typed.forEach(function (w, i) {
      if (fold(w) === w) return;
      var hit = function (x) { return x === w || (prefixLast && i === typed.length - 1 && x.indexOf(w) === 0); };
      if (title.some(hit)) bonus += 8;
      else if (summary.some(hit)) bonus += 3;
    });
    return bonus;
  }

  function search(q) {
    var ws = words(q);
    var typed = exactWords(q);
    /* the last word is still being typed unless the query ends with a space or mark */
    var prefixLast = /[\p{L}\p{N}\p{M}]$/u.test(q);
    if (!ws.length) return Promise.resolve(null);
    return loadManifest().then(function (m) {
      return Promise.all(ws.map(function (w, i) { return scoreWord(m, w, prefixLast && i === ws.length - 1); }))
        .then(function (per) {
          var total = per[0];
          for (var i = 1; i < per.length; i++) {
            var next = new Map();
            total.forEach(function (s, doc) { if (per[i].has(doc)) next.set(doc, s + per[i].get(doc)); });
            total = next;
          }
          var ranked = Array.from(total.entries()).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          var top = ranked.slice(0, RERANK);
          return loadDocs(m, top.map(function (r) { return r[0]; })).then(function (doc) {
            var rows = top.map(function (r) {
              var d = doc(r[0]);
              return { id: r[0], doc: d, score: r[1] + exactBonus(d, typed, prefixLast) };
            });
            rows.sort(function (a, b) { return b.score - a.score || a.id - b.id; });
            return { count: ranked.length, rows: rows.slice(0, MAX), words: ws, prefixLast: prefixLast, m: m };
          });
        });
    });
  }

  /* Appends s to el with the words of the query in <mark>. */
  function highlight(el, s, ws, prefixLast) {
    var re = /[\p{L}\p{N}\p{M}]+/gu, pos = 0, match;
    while ((match = re.exec(s))) {
      var f = fold(match[0]);
      var hit = ws.some(function (w, i) {
        return f === w || (prefixLast && i === ws.length - 1 && f.indexOf(w) === 0);
      });
      if (!hit) continue;
      el.appendChild(document.createTextNode(s.slice(pos, match.index)));
      var mark = document.createElement('mark');
      mark.textContent = match[0];
      el.appendChild(mark);
      pos = match.index + match[0].length;
    }
    el.appendChild(document.createTextNode(s.slice(pos)));
  }

  function show(q, res) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!res) {
      status.textContent = '';
      list.hidden = true;
      all.hidden = false;
      return;
    }
    res.rows.forEach(function (r) {
      var li = document.createElement('li');
      li.className = 'search-result';
      var h = document.createElement('h2');
      var a = document.createElement('a');
      a.href = r.doc[0];
      highlight(a, r.doc[1], res.words, res.prefixLast);
      h.appendChild(a);
      li.appendChild(h);
      var sec = res.m.sections[r.doc[2]] || ['', ''];
      var label = labels[sec[0]] || sec[1];
      if (label) {
        var p = document.createElement('p');
        p.className = 'search-section';
        p.textContent = label;
        li.appendChild(p);
      }
      if (r.doc[3]) {
        var sp = document.createElement('p');
        sp.className = 'search-summary';
        highlight(sp, r.doc[3], res.words, res.prefixLast);
        li.appendChild(sp);
      }
      list.appendChild(li);
    });
    list.hidden = res.count === 0;
    all.hidden = res.count > 0;
    var msg = text(res.count === 0 ? 'none' : res.count === 1 ? 'one' : 'many', res.count, q);
    if (res.count > res.rows.length) msg += ' ' + text('more', res.rows.length);
    status.textContent = msg;
  }

  /* Keeps ?q= in the address, so a search can be bookmarked and shared. */
  function remember(q) {
    var u = new URL(window.location.href);
    if (q) u.searchParams.set('q', q); else u.searchParams.delete('q');
    window.history.replaceState(null, '', u.pathname + u.search + u.hash);
  }

  function update() {
    clearTimeout(timer);
    var q = input.value;
    var mine = ++run;
    remember(q.trim());
    if (!manifest && words(q).length) status.textContent = text('loading');
    list.setAttribute('aria-busy', 'true');
    search(q).then(function (res) {
      if (mine !== run) return;
      show(q.trim(), res);
      list.removeAttribute('aria-busy');
    }, function () {
      if (mine !== run) return;
      list.removeAttribute('aria-busy');
      manifest = null;
      shards.clear();
      docChunks.clear();
      status.textContent = text('error');
      list.hidden = true;
      all.hidden = false;
    });
  }

  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    update();
  });

  /* Arrow keys move between the box and the result links; Escape clears. */
  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
  input.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown' && !list.hidden && links().length) {
      e.preventDefault();
      links()[0].focus();
    } else if (e.key === 'Escape' && input.value) {
      e.preventDefault();
      input.value = '';
      update();
    }
  });
  list.addEventListener('keydown', function (e) {
    var ls = links(), i = ls.indexOf(document.activeElement);
    if (i < 0) return;
    if (e.key === 'ArrowDown' && i + 1 < ls.length) { e.preventDefault(); ls[i + 1].focus(); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); (i > 0 ? ls[i - 1] : input).focus(); }
    else if (e.key === 'Escape') { e.preventDefault(); input.focus(); }
  });

  var initial = new URLSearchParams(window.location.search).get('q');
  if (initial) {
    input.value = initial;
    update();
  }
})();
