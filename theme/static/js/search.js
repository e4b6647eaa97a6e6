/* Cartellone: the search page. Loads cerca/indice.json (built by plugins/cartellone/search.py) into
   lunr.js with lunr-languages' Italian support, and lists the events matching the words and filters.
   Loaded with `defer` on the search page only; no inline script, no request to another host. Texts come
   from the form's data-msg-* attributes (i18n.py). The pipeline steps below must stay identical to
   search.py's: tests/test_search.py runs this file in node and compares. */
(function (root, factory) {
  "use strict";
  var api = factory();
  if (typeof module === "object" && module.exports) {
    module.exports = api; // node, for the tests
  } else if (root.document) {
    api.start(root.document, root.lunr);
  }
})(this, function () {
  "use strict";
  var FOLD = "cartellone-fold";
  var STOP_WORDS = "cartellone-stopwords-it";
  var FORMAT = 1;
  var PAGE = 20; // results shown at a time
  var COMBINING = /[\u0300-\u036f]/g;
  var APOSTROPHES = /['\u2019\u2018\u02bc`\u00b4]+/;

  /* Lower case, accents off, split at apostrophes: "Dell'Città" -> ["dell", "citta"]. */
  function foldWords(text) {
    return text.toLowerCase().normalize("NFD").replace(COMBINING, "").split(APOSTROPHES).filter(Boolean);
  }

  /* Our two pipeline steps, under the labels the index names (trimmer-it and stemmer-it are lunr.it's). */
  function register(lunr, stopWords) {
    if (!lunr.Pipeline.registeredFunctions[FOLD]) {
      var fold = function (token) {
        var parts = foldWords(token.toString());
        if (parts.length === 1) {
          return token.update(function () { return parts[0]; });
        }
        return parts.map(function (part) { return token.clone(function () { return part; }); });
      };
      lunr.Pipeline.registerFunction(fold, FOLD);
    }
    if (!lunr.Pipeline.registeredFunctions[STOP_WORDS]) {
      lunr.Pipeline.registerFunction(lunr.generateStopWordFilter(stopWords), STOP_WORDS);
    }
  }

  /* The terms a query's words become: lunr's tokenizer, then the index's own search pipeline. */
  function terms(lunr, index, text) {
    var out = [];
    lunr.tokenizer(text).forEach(function (token) {
      index.pipeline.run([token]).forEach(function (t) { out.push(t.toString()); });
    });
    return out;
  }

  /* Every term required, as a word's beginning (so "conc" finds "concerto"); whole words score higher. */
  function search(lunr, index, text) {
    var words = terms(lunr, index, text);
    if (!words.length) return null;
    return index.query(function (q) {
      words.forEach(function (word) {
        q.term(word, {
          usePipeline: false,
          presence: lunr.Query.presence.REQUIRED,
          wildcard: word.length > 2 ? lunr.Query.wildcard.TRAILING : lunr.Query.wildcard.NONE
        });
        q.term(word, {usePipeline: false, boost: 10});
      });
    });
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  }

  function today() {
    return new Intl.DateTimeFormat("en-CA", {timeZone: "Europe/Rome"}).format(new Date()); // YYYY-MM-DD
  }

  function start(document, lunr) {
    var form = document.getElementById("search-form");
    if (!form) return;
    var status = document.getElementById("search-status");
    var found = document.getElementById("search-found");
    var list = document.getElementById("search-results");
    var more = document.getElementById("search-more");
    var msg = form.dataset;
    var lang = msg.lang;
    var names = JSON.parse(msg.facets); // facet -> its parameter in the URL (search.FACETS)
    var locale = lang === "en" ? "en-GB" : "it-IT";
    var dayFormat = new Intl.DateTimeFormat(locale, {weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC"});
    var timeFormat = new Intl.DateTimeFormat(locale, {weekday: "short", day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", timeZone: "Europe/Rome"});
    var data = null, index = null, matches = [], shown = 0, timer = null;

    if (!lunr) { // lunr.js did not load
      status.textContent = msg.msgError;
      return;
    }
    status.textContent = msg.msgLoading;

    function localText(pair, node) { // [Italian, English or ""]: the English text, or the Italian one marked so
      if (lang === "en" && pair[1]) return pair[1];
      if (lang !== "it" && node) node.lang = "it";
      return pair[0];
    }

    function when(doc) {
      if (doc.n.length === 10 && doc.f !== doc.l && !doc.m) { // a span of days (an exhibition)
        return format(msg.msgSpan, {first: day(doc.f), last: day(doc.l)});
      }
      var text = doc.n.length === 10 ? day(doc.n) : timeFormat.format(new Date(doc.n));
      return doc.m ? text + " (" + format(msg.msgMoreDates, {n: doc.m}) + ")" : text;
    }

    function day(iso) {
      return dayFormat.format(new Date(iso + "T12:00:00Z"));
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function card(doc) {
      var item = element("li");
      var article = element("article", "cal-card");
      var meta = element("p", "cal-card-meta");
      var category = data.categories[doc.k];
      if (category) meta.appendChild(element("span", "cal-card-category", lang === "en" ? category[1] : category[0]));
      if (doc.s) meta.appendChild(element("span", doc.s[2], lang === "en" ? doc.s[1] : doc.s[0]));
      if (doc.g) meta.appendChild(element("span", "badge bg-success", msg.msgFree));
      var title = element("h3", "cal-card-title");
      var link = element("a");
      link.href = msg.root + "/" + (lang === "it" ? "" : lang + "/") + "eventi/" + doc.u + "/";
      link.textContent = localText([doc.t, doc.te || ""], link);
      title.appendChild(link);
      var whenLine = element("p", "cal-card-when");
      var time = element("time", "", when(doc));
      time.dateTime = doc.n;
      whenLine.appendChild(time);
      if (doc.v !== undefined) {
        var place = element("span");
        place.textContent = localText(data.venues[doc.v], place) + ", " + (data.comuni[doc.c] || "");
        whenLine.appendChild(document.createTextNode(" · "));
        whenLine.appendChild(place);
      } else if (doc.o) {
        whenLine.appendChild(document.createTextNode(" · " + msg.msgOnline));
      }
      article.appendChild(meta);
      article.appendChild(title);
      article.appendChild(whenLine);
      item.appendChild(article);
      return item;
    }

    function filters() {
      var values = new FormData(form);
      return {
        q: (values.get("q") || "").trim(),
        from: values.get("da") || "",
        to: values.get("a") || "",
        past: values.get("passati") === "1",
        k: values.get(names.k) || "",
        c: values.get(names.c) || "",
        g: values.get(names.g) === "1",
        p: values.get(names.p) || "",
        x: values.getAll(names.x),
        L: values.get(names.L) || ""
      };
    }

    function keep(doc, f, now) {
      if (!f.past && doc.l < now) return false;
      if ((f.from && doc.l < f.from) || (f.to && doc.f > f.to)) return false;
      if ((f.k && doc.k !== f.k) || (f.c && doc.c !== f.c) || (f.g && !doc.g)) return false;
      if (f.p && (doc.p || []).indexOf(f.p) < 0) return false;
      if (f.L && (doc.L || []).indexOf(f.L) < 0) return false;
      return f.x.every(function (feature) { return (doc.x || []).indexOf(feature) >= 0; });
    }

    function run() {
      timer = null;
      var f = filters();
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) { if (value) params.append(key, value); });
      var query = params.toString();
      history.replaceState(null, "", query ? "?" + query : location.pathname);
      var narrowed = f.from || f.to || f.past || f.k || f.c || f.g || f.p || f.L || f.x.length;
      if (!f.q && !narrowed) {
        matches = [];
        render(msg.msgPrompt);
        return;
      }
      var now = today();
      var refs;
      if (f.q) {
        var hits = search(lunr, index, f.q) || [];
        refs = hits.map(function (hit) { return Number(hit.ref); });
      } else {
        refs = data.docs.map(function (doc, i) { return i; }); // listing order: upcoming by date, then past
      }
      matches = refs.filter(function (ref) { return keep(data.docs[ref], f, now); });
      var n = matches.length;
      render(n === 0 ? msg.msgNone : n === 1 ? msg.msgCountOne : format(msg.msgCount, {n: n}));
    }

    function render(message) {
      list.textContent = "";
      shown = 0;
      found.hidden = matches.length === 0;
      showMore(false);
      status.textContent = message;
    }

    function showMore(focus) {
      var first = null;
      matches.slice(shown, shown + PAGE).forEach(function (ref) {
        var item = card(data.docs[ref]);
        first = first || item;
        list.appendChild(item);
      });
      shown = Math.min(matches.length, shown + PAGE);
      more.hidden = shown >= matches.length;
      if (focus && first) first.querySelector("a").focus();
    }

    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, 250);
    }

    function restore() {
      var params = new URLSearchParams(location.search);
      Array.prototype.forEach.call(form.elements, function (field) {
        if (!field.name || !params.has(field.name)) return;
        if (field.type === "checkbox") {
          field.checked = params.getAll(field.name).indexOf(field.value) >= 0;
        } else if (field.tagName !== "BUTTON") {
          field.value = params.get(field.name);
        }
      });
    }

    restore();
    fetch(msg.index).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (loaded) {
      if (loaded.format !== FORMAT) throw new Error("search index format " + loaded.format);
      register(lunr, loaded.stopWords);
      data = loaded;
      index = lunr.Index.load(loaded.index);
      form.addEventListener("input", later);
      form.addEventListener("change", later);
      form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
      form.addEventListener("reset", function () { setTimeout(run, 0); });
      more.addEventListener("click", function () { showMore(true); });
      run();
    }).catch(function () {
      status.textContent = msg.msgError;
    });
  }

  return {foldWords: foldWords, register: register, terms: terms, search: search, start: start};
});
