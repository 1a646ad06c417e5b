// The zoomable timeline: vis-timeline fed by /api/timeline. The view's range and filters live in
// the address (from, to, origin_country, category, collection, person, subject, place), so a view can be linked;
// zooming or panning rewrites from/to there and asks the API again. Without this script the page
// is the list by year beneath it.
(function () {
  "use strict";
  var box = document.getElementById("timeline");
  if (!box || !window.vis || !window.gettext) { return; }
  // The API is asked in the page's language (lang), so its titles and links keep a reader in Korean.
  var pageLanguage = document.documentElement.lang || "en";
  var status = document.getElementById("timeline-status");
  var items = new vis.DataSet();
  var urls = {};
  var groups = new vis.DataSet([
    {id: "events", content: gettext("Events")},
    {id: "documents", content: gettext("Documents")}
  ]);
  box.hidden = false;
  var timeline = new vis.Timeline(document.getElementById("timeline-axis"), items, groups, {
    stack: true, maxHeight: 520, zoomMin: 1000 * 60 * 60 * 24 * 7, showCurrentTime: false,
    min: new Date(1900, 0, 1), max: new Date(2030, 0, 1), orientation: "top"
  });
  var loading = null;

  function day(date) {
    return date.toISOString().slice(0, 10);
  }

  function text(value, language) {
    // Titles are the archive's data: handed to vis-timeline as elements, never as HTML. One in
    // another language than the page's is marked, so a screen reader reads it in its own voice.
    var span = document.createElement("span");
    span.textContent = value;
    if (language && language !== pageLanguage) { span.lang = language; }
    return span;
  }

  function endOfDay(iso) {
    var date = new Date(iso + "T00:00:00Z");
    return new Date(date.getTime() + 24 * 60 * 60 * 1000);
  }

  function show(data) {
    var next = [];
    urls = {};
    data.relations_periods.forEach(function (band) {
      next.push({id: "band-" + band.id, type: "background", start: band.start, end: band.end ? endOfDay(band.end) : data.to,
                 content: band.country + ": " + band.status_label, className: "band band-" + band.status, title: band.summary});
    });
    data.events.forEach(function (event) {
      var id = "event-" + event.id;
      urls[id] = event.url;
      var single = event.start === event.end;
      next.push({id: id, group: "events", start: event.start, end: single ? undefined : endOfDay(event.end),
                 type: single ? "point" : "range", content: text(event.title, event.title_language),
                 title: event.date + " · " + event.category_label, className: "event"});
    });
    data.documents.forEach(function (doc) {
      var id = "doc-" + doc.id;
      urls[id] = doc.url;
      // A document of one day is a point with its title; one dated to a month or a year is a span.
      var single = doc.start === doc.end;
      next.push({id: id, group: "documents", start: doc.start, end: single ? undefined : endOfDay(doc.end),
                 type: single ? "point" : "range",
                 content: text(doc.title, "en"), title: doc.date + (doc.origin_country ? " · " + doc.origin_country : ""),
                 className: "document"});
    });
    data.counts.forEach(function (count) {
      next.push({id: "count-" + count.period, group: "documents", start: count.start, end: endOfDay(count.end),
                 type: "range", content: text(String(count.documents)),
                 title: interpolate(ngettext("%(count)s document, %(period)s", "%(count)s documents, %(period)s", count.documents),
                                    {count: count.documents, period: count.period}, true), className: "count"});
    });
    items.clear();
    items.add(next);
    var shown = {documents: data.documents.length, events: data.events.length, from: data.from, to: data.to};
    if (data.mode === "items") {
      status.textContent = interpolate(gettext("%(documents)s documents and %(events)s events, %(from)s to %(to)s"), shown, true);
    } else if (data.mode === "month") {
      status.textContent = interpolate(gettext("Documents counted per month (zoom in to see them one by one); %(events)s events"), shown, true);
    } else {
      status.textContent = interpolate(gettext("Documents counted per year (zoom in to see them one by one); %(events)s events"), shown, true);
    }
  }

  function load(params, fit) {
    if (loading) { loading.abort(); }
    loading = new AbortController();
    status.textContent = gettext("Loading…");
    var asked = new URLSearchParams(params);
    asked.set("lang", pageLanguage);
    fetch(box.dataset.api + "?" + asked.toString(), {signal: loading.signal, headers: {Accept: "application/json"}})
      .then(function (response) {
        return response.json().then(function (body) {
          if (!response.ok) { throw new Error(body.detail || response.statusText); }
          return body;
        });
      })
      .then(function (data) {
        show(data);
        if (fit) { timeline.setWindow(data.from, endOfDay(data.to), {animation: false}); }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") {
          status.textContent = interpolate(gettext("The timeline could not be loaded: %(reason)s"), {reason: error.message}, true);
        }
      });
  }

  var params = new URLSearchParams(window.location.search);
  Array.from(params.keys()).forEach(function (key) {
    if (!params.get(key)) { params.delete(key); }
  });
  load(params, true);

  var pending = null;
  timeline.on("rangechanged", function (props) {
    if (!props.byUser) { return; }
    clearTimeout(pending);
    pending = setTimeout(function () {
      var next = new URLSearchParams(window.location.search);
      next.set("from", day(props.start));
      next.set("to", day(new Date(props.end.getTime() - 1)));
      window.history.replaceState(null, "", "?" + next.toString());
      load(next, false);
    }, 250);
  });
  timeline.on("click", function (props) {
    if (props.item && urls[props.item]) { window.location.href = urls[props.item]; }
  });
}());
