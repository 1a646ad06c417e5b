// Maps of places drawn as SVG with no tile server: country outlines from the vendored world-atlas
// (Natural Earth 1:110m, TopoJSON) projected by d3-geo. Two kinds of map use it:
//   <figure class="place-map" data-places="/search/places.json?...">: the places of a search's
//     results, each a circle sized by its count and a link to the search narrowed to it;
//   <figure class="place-map" data-latitude=".." data-longitude=".." data-name="..">: one place.
// Without this script the figures stay hidden and the place facet lists the same places.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var WIDTH = 640, HEIGHT = 340, MARGIN = 16;
  var script = document.currentScript;
  var countries = null;

  function atlas() {
    if (!countries) {
      countries = fetch(script.dataset.atlas).then(function (response) {
        if (!response.ok) { throw new Error(gettext("the base map did not load")); }
        return response.json();
      }).then(function (topology) {
        return topojson.feature(topology, topology.objects.countries).features;
      });
    }
    return countries;
  }

  function element(name, attributes, parent) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    if (parent) { parent.appendChild(node); }
    return node;
  }

  // The part of the world the places lie in, widened so that a single city still shows its region.
  function view(points) {
    var lons = points.map(function (p) { return p[0]; }), lats = points.map(function (p) { return p[1]; });
    var west = Math.min.apply(null, lons), east = Math.max.apply(null, lons);
    var south = Math.min.apply(null, lats), north = Math.max.apply(null, lats);
    var padLon = Math.max(12, (24 - (east - west)) / 2), padLat = Math.max(6, (14 - (north - south)) / 2);
    west = Math.max(-180, west - padLon); east = Math.min(180, east + padLon);
    south = Math.max(-80, south - padLat); north = Math.min(85, north + padLat);
    return {type: "Feature", geometry: {type: "MultiPoint", coordinates: [[west, south], [west, north], [east, south], [east, north]]}};
  }

  function overlap(a, b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  }

  function draw(figure, features, places, describe) {
    var projection = d3.geoEquirectangular().fitExtent([[MARGIN, MARGIN], [WIDTH - MARGIN, HEIGHT - MARGIN]],
      view(places.map(function (p) { return [p.longitude, p.latitude]; })));
    var path = d3.geoPath(projection);
    var svg = element("svg", {viewBox: "0 0 " + WIDTH + " " + HEIGHT, role: "group", "aria-label": describe});
    var land = element("g", {"class": "land", "aria-hidden": "true"}, svg);
    features.forEach(function (feature) {
      var d = path(feature);
      if (d) { element("path", {d: d}, land); }
    });
    var most = Math.max.apply(null, places.map(function (p) { return p.count || 1; }));
    var labelled = [];
    // Small counts on top, so that a large circle never hides a small one; labels go to the larger
    // places first, and one that would overlap another is left to the marker's tooltip.
    places.slice().sort(function (a, b) { return (b.count || 1) - (a.count || 1); }).forEach(function (place) {
      var xy = projection([place.longitude, place.latitude]);
      var label = place.count ? interpolate(ngettext("%(place)s: %(count)s document", "%(place)s: %(count)s documents", place.count),
                                            {place: place.name, count: place.count}, true) : place.name;
      var marker = place.search_url ? element("a", {href: place.search_url, "class": "marker", "aria-label": label, "data-place": place.id}, svg)
                                    : element("g", {"class": "marker"}, svg);
      if (place.selected) { marker.setAttribute("aria-current", "true"); }
      element("title", {}, marker).textContent = label;
      element("circle", {cx: xy[0].toFixed(1), cy: xy[1].toFixed(1), r: (4 + 10 * Math.sqrt((place.count || 1) / most)).toFixed(1)}, marker);
      var words = place.count ? place.name + " " + place.count : place.name;
      var width = 6.5 * words.length, leftward = xy[0] + 7 + width > WIDTH;
      var box = {x: leftward ? xy[0] - 7 - width : xy[0] + 7, y: xy[1] - 18, width: width, height: 13};
      if (labelled.some(function (other) { return overlap(box, other); })) { return; }
      labelled.push(box);
      // Its name is then what is written beside it, as a speech user reads it off the map; the
      // sentence stays its tooltip and description.
      if (place.search_url) { marker.setAttribute("aria-label", words); }
      var text = element("text", {x: (leftward ? xy[0] - 7 : xy[0] + 7).toFixed(1), y: (xy[1] - 7).toFixed(1),
                                  "text-anchor": leftward ? "end" : "start"}, marker);
      text.textContent = words;
    });
    figure.querySelector(".map").replaceChildren(svg);
    figure.hidden = false;
  }

  function say(figure, message) {
    var note = figure.querySelector(".map-status");
    if (note) { note.textContent = message; }
  }

  function show(figure) {
    if (figure.dataset.drawn) { return; }
    figure.dataset.drawn = "1";
    if (figure.dataset.places) {
      Promise.all([atlas(), fetch(figure.dataset.places).then(function (response) { return response.json(); })])
        .then(function (loaded) {
          var data = loaded[1];
          if (!data.places || !data.places.length) { return; }  // nothing to map: the figure stays hidden
          draw(figure, loaded[0], data.places, gettext("Map of the places of these results"));
          var unmapped = (data.unmapped || []).length;
          say(figure, unmapped ? interpolate(ngettext("%(count)s place has no coordinates yet and is only in the Place list.",
                                                      "%(count)s places have no coordinates yet and are only in the Place list.", unmapped),
                                             {count: unmapped}, true) : "");
        })
        .catch(function () { say(figure, gettext("The map could not be drawn; the Place list has the same places.")); figure.hidden = false; });
    } else if (figure.dataset.latitude) {
      atlas().then(function (features) {
        draw(figure, features, [{id: "", name: figure.dataset.name, latitude: parseFloat(figure.dataset.latitude),
                                 longitude: parseFloat(figure.dataset.longitude)}],
             interpolate(gettext("Map of %(place)s"), {place: figure.dataset.name}, true));
      });
    }
  }

  function showAll() {
    if (!window.d3 || !window.topojson || !window.gettext) { return; }
    document.querySelectorAll("figure.place-map").forEach(show);
  }

  showAll();
  // The search page swaps its results region in place (htmx): a new region brings a new map.
  document.addEventListener("htmx:afterSettle", showAll);
}());
