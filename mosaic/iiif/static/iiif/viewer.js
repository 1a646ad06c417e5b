// The page-image viewer of a document page: reads the document's IIIF manifest, shows one page at
// a time in OpenSeadragon (zoom and pan, by mouse, touch or keyboard) and, beside it, the page's
// machine-read text where the reader may see it. Where the manifest offers a IIIF Content Search
// service, a search box finds words in that text and marks them on the image and in the text; a
// reader who came from a search of the archive finds their search words marked at once. Published
// annotations of regions of a page (mosaic/annotations) are drawn on it as numbered boxes, their
// notes listed under the image; a signed-in reader may draw a region with the mouse and annotate it.
// Without
// JavaScript, or if the manifest cannot be read, the page keeps its plain list of thumbnails
// linking to the full images.
(function () {
  "use strict";

  var root = document.querySelector("[data-iiif-manifest]");
  if (!root || !window.OpenSeadragon || !window.fetch) { return; }

  var pageLanguage = document.documentElement.lang || "en";

  // The words an annotation's author goes by when no name may be shown (annotations/reading.py).
  var CREATORS = { "a former reader": gettext("a former reader"), "archive staff": gettext("archive staff"),
                   "a reader": gettext("a reader") };

  // A IIIF language map's entry for this page's language, else English, else any.
  function localised(value) {
    if (!value) { return ""; }
    var values = value[pageLanguage] || value.en || value.none || value[Object.keys(value)[0]] || [];
    return values.join(" ");
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function pagesOf(manifest) {
    return (manifest.items || []).map(function (canvas) {
      var image = canvas.items[0].items[0].body;
      var service = (image.service || [])[0];
      var readings = [], regions = [];
      (canvas.annotations || []).forEach(function (page) {
        (page.items || []).forEach(function (annotation) {
          if (annotation.motivation === "supplementing" && annotation.body && annotation.body.type === "TextualBody") {
            readings.push({ label: localised(annotation.label), language: annotation.body.language || "", text: annotation.body.value });
          } else if (annotation.motivation !== "painting") {
            var region = regionOf(annotation);
            if (region) { regions.push(region); }
          }
        });
      });
      return {
        id: canvas.id,
        label: localised(canvas.label),
        full: image.id,
        service: service ? service.id + "/info.json" : null,
        thumbnail: canvas.thumbnail && canvas.thumbnail[0] ? canvas.thumbnail[0] : null,
        readings: readings,
        regions: regions
      };
    });
  }

  // An annotation of a region of its canvas (a FragmentSelector's xywh=, or the canvas#xywh= form)
  // as its box and its note's text; null for anything else.
  function regionOf(annotation) {
    var target = annotation.target || {};
    var fragment = typeof target === "string" ? target.split("#")[1]
      : target.selector && target.selector.type === "FragmentSelector" ? target.selector.value : null;
    var match = /^xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/.exec(fragment || "");
    if (!match) { return null; }
    var body = [].concat(annotation.body || [])[0] || {};
    var text = body.format === "text/html" ? new DOMParser().parseFromString(body.value || "", "text/html").body.textContent
      : body.value || "";
    return { box: match.slice(1).map(Number), text: text, creator: (annotation.creator || {}).name || "" };
  }

  function searchServiceOf(manifest) {
    return (manifest.service || []).filter(function (service) {
      return service.type === "SearchService2";
    })[0] || null;
  }

  // The search words of the archive's search page, when the reader came here from its results.
  function referringSearch() {
    try {
      var referrer = new URL(document.referrer);
      if (referrer.origin !== window.location.origin || referrer.pathname !== "/search") { return ""; }
      return (referrer.searchParams.get("q") || "").trim();
    } catch (error) {
      return "";
    }
  }

  // A Content Search answer as hits in reading order, each with its page, its boxes on that
  // page's canvas (none when the page has no word positions) and the words it matched.
  function hitsOf(answer, pageOfCanvas) {
    var pieces = {};
    (answer.items || []).forEach(function (item) {
      var target = typeof item.target === "string" ? item.target : (item.target && item.target.id) || "";
      var parts = target.split("#xywh=");
      var page = pageOfCanvas[parts[0]];
      if (page === undefined) { return; }
      var box = parts[1] ? parts[1].split(",").map(Number) : null;
      pieces[item.id] = { page: page, box: box, text: item.body && item.body.value ? item.body.value : "" };
    });
    var contexts = ((answer.annotations || [])[0] || {}).items || [];
    var groups = contexts.length ? contexts.map(function (context) {
      return [].concat(context.target).map(function (target) { return pieces[target.source]; });
    }) : Object.keys(pieces).map(function (id) { return [pieces[id]]; });
    return groups.filter(function (group) { return group.length && group.every(Boolean); }).map(function (group) {
      return {
        page: group[0].page,
        boxes: group.map(function (piece) { return piece.box; }).filter(Boolean),
        texts: group.map(function (piece) { return piece.text; })
      };
    });
  }

  function escapeForPattern(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // The page's text with each hit's words in <mark>, wherever they stand (a phrase may be broken
  // over lines in the text where the search joined it with spaces).
  function markedText(text, hits) {
    var fragment = document.createDocumentFragment();
    var patterns = [];
    hits.forEach(function (hit) {
      hit.texts.forEach(function (words) {
        var parts = words.split(/\s+/).filter(Boolean).map(escapeForPattern);
        if (parts.length) { patterns.push(parts.join("\\s+")); }
      });
    });
    if (!patterns.length) { fragment.appendChild(document.createTextNode(text)); return fragment; }
    var pattern = new RegExp(patterns.sort(function (a, b) { return b.length - a.length; }).join("|"), "g");
    var last = 0;
    text.replace(pattern, function (found, offset) {
      fragment.appendChild(document.createTextNode(text.slice(last, offset)));
      fragment.appendChild(element("mark", { "class": "search-mark" }, found));
      last = offset + found.length;
      return found;
    });
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function build(manifest) {
    var pages = pagesOf(manifest);
    if (!pages.length) { return; }
    var searchService = searchServiceOf(manifest);
    var pageOfCanvas = {};
    pages.forEach(function (page, index) { pageOfCanvas[page.id] = index; });
    var hits = [];  // of the last search
    var currentHit = -1;
    var pendingHit = null;  // a hit to bring into view once its page has opened
    var anyText = pages.some(function (page) { return page.readings.length > 0; });
    var current = 0;

    var viewer = element("div", { "class": "viewer", role: "region", "aria-label": gettext("Page image viewer") });
    var controls = element("div", { "class": "viewer-controls", role: "group", "aria-label": gettext("Page controls") });
    var previous = element("button", { type: "button", "class": "previous" }, gettext("‹ Previous page"));
    var status = element("span", { "class": "page-status", "aria-live": "polite" });
    var caption = element("span", { "class": "canvas-label" });
    var next = element("button", { type: "button", "class": "next" }, gettext("Next page ›"));
    var zoomIn = element("button", { type: "button", "aria-label": gettext("Zoom in") }, "+");
    var zoomOut = element("button", { type: "button", "aria-label": gettext("Zoom out") }, "−");
    var fit = element("button", { type: "button" }, gettext("Fit page"));
    var fullLink = element("a", { "class": "full-image" }, gettext("Full image"));
    [previous, status, next, zoomIn, zoomOut, fit, caption, fullLink].forEach(function (node) { controls.appendChild(node); });

    var body = element("div", { "class": "viewer-body" + (anyText ? " with-text" : "") });
    var imageBox = element("div", { "class": "viewer-image" });
    body.appendChild(imageBox);
    var textPane = null;
    if (anyText) {
      textPane = element("aside", { "class": "viewer-text", "aria-label": gettext("Machine-read text of this page") });
      body.appendChild(textPane);
    }

    var strip = element("ol", { "class": "viewer-thumbnails", "aria-label": gettext("All pages") });
    var stripButtons = pages.map(function (page, index) {
      var item = element("li");
      var button = element("button", { type: "button", "aria-label": interpolate(gettext("Page %(number)s: %(label)s"), { number: index + 1, label: page.label }, true) });
      if (page.thumbnail) {
        button.appendChild(element("img", { src: page.thumbnail.id, alt: "", loading: "lazy",
                                            width: page.thumbnail.width, height: page.thumbnail.height }));
      }
      button.appendChild(element("span", { "class": "number", "aria-hidden": "true" }, String(index + 1)));
      button.addEventListener("click", function () { show(index); });
      item.appendChild(button);
      strip.appendChild(item);
      return button;
    });

    var search = null, searchInput = null, searchStatus = null, previousHit = null, nextHit = null;
    if (searchService) {
      search = element("form", { "class": "viewer-search", role: "search", "aria-label": gettext("Find in the machine-read text") });
      var inputId = "viewer-search-" + Math.random().toString(36).slice(2);
      search.appendChild(element("label", { "for": inputId }, gettext("Find in the machine-read text")));
      searchInput = element("input", { type: "search", id: inputId, name: "q", autocomplete: "off" });
      search.appendChild(searchInput);
      search.appendChild(element("button", { type: "submit" }, gettext("Find")));
      previousHit = element("button", { type: "button", "class": "previous-hit", disabled: "" }, gettext("‹ Previous match"));
      nextHit = element("button", { type: "button", "class": "next-hit", disabled: "" }, gettext("Next match ›"));
      search.appendChild(previousHit);
      search.appendChild(nextHit);
      searchStatus = element("span", { "class": "search-status", role: "status" });
      search.appendChild(searchStatus);
    }

    viewer.appendChild(controls);
    if (search) { viewer.appendChild(search); }
    viewer.appendChild(body);
    if (pages.length > 1) { viewer.appendChild(strip); }

    var notes = element("ol", { "class": "viewer-annotations", "aria-label": gettext("Annotations of regions of this page") });
    notes.hidden = true;
    viewer.appendChild(notes);

    var gallery = root.querySelector(".page-gallery");
    root.insertBefore(viewer, gallery);

    var seadragon = window.OpenSeadragon({
      element: imageBox,
      // The 2D canvas drawer: one image per page needs nothing faster, and it works where WebGL does not.
      drawer: "canvas",
      showNavigationControl: false,
      visibilityRatio: 1,
      minZoomImageRatio: 0.8,
      maxZoomPixelRatio: 3,
      gestureSettingsMouse: { clickToZoom: false }
    });
    // Marks which page is drawn in full, so a reader's tools (and the tests) can tell it has arrived.
    seadragon.world.addHandler("add-item", function (event) {
      var page = current;
      event.item.whenFullyLoaded(function () {
        if (page === current) { imageBox.dataset.shownPage = String(page + 1); }
      });
    });
    seadragon.addHandler("open-failed", function () {
      imageBox.dataset.shownPage = "";
      status.textContent = interpolate(gettext("Page %(number)s of %(total)s: the image could not be loaded."),
        { number: current + 1, total: pages.length }, true);
    });
    if (seadragon.canvas) { seadragon.canvas.setAttribute("aria-label", gettext("Page image: drag or use the arrow keys to move, + and − to zoom")); }
    seadragon.addHandler("open", function () { drawHits(); });
    var drawing = regionDrawing();
    if (drawing) { viewer.insertBefore(drawing.form, search || body); }

    function hitsOnPage(index) {
      return hits.filter(function (hit) { return hit.page === index; });
    }

    // Boxes over the current page's hits; the search status says in words what they show. Under
    // them, the page's annotated regions, numbered as their notes are under the image.
    function drawHits() {
      seadragon.clearOverlays();
      var image = seadragon.world.getItemAt(0);
      if (!image) { return; }
      pages[current].regions.forEach(function (region, index) {
        var box = element("div", { "class": "annotation-region-box" + (region.own ? " not-public" : ""), title: region.text });
        box.appendChild(element("span", { "class": "number", "aria-hidden": "true" }, String(index + 1)));
        seadragon.addOverlay({ element: box, location: image.imageToViewportRectangle(region.box[0], region.box[1], region.box[2], region.box[3]) });
      });
      hitsOnPage(current).forEach(function (hit) {
        hit.boxes.forEach(function (box) {
          var mark = element("div", { "class": "search-hit" + (hits[currentHit] === hit ? " current" : "") });
          seadragon.addOverlay({ element: mark, location: image.imageToViewportRectangle(box[0], box[1], box[2], box[3]) });
        });
      });
      if (pendingHit && pendingHit.page === current && pendingHit.boxes.length) {
        var box = pendingHit.boxes[0];
        var margin = Math.max(box[3] * 4, 100);
        seadragon.viewport.fitBounds(image.imageToViewportRectangle(box[0] - margin, box[1] - margin,
                                                                   box[2] + 2 * margin, box[3] + 2 * margin));
      }
      pendingHit = null;
    }

    function describeHits(query) {
      if (!hits.length) { return interpolate(gettext("No match for “%(query)s” in the machine-read text."), { query: query }, true); }
      var counts = {};
      hits.forEach(function (hit) { counts[hit.page] = (counts[hit.page] || 0) + 1; });
      var where = Object.keys(counts).map(function (page) {
        return interpolate(gettext("page %(number)s (%(count)s)"), { number: Number(page) + 1, count: counts[page] }, true);
      }).join(", ");
      var unplaced = hits.some(function (hit) { return !hit.boxes.length; })
        ? " " + gettext("Some pages were read without word positions: their matches are marked in the text only.") : "";
      return interpolate(ngettext("%(count)s match for “%(query)s”: %(where)s.", "%(count)s matches for “%(query)s”: %(where)s.", hits.length),
        { count: hits.length, query: query, where: where }, true) + unplaced;
    }

    function goToHit(index) {
      if (!hits.length) { return; }
      currentHit = (index + hits.length) % hits.length;
      var hit = hits[currentHit];
      pendingHit = hit;  // brought into view once its page is drawn
      if (hit.page !== current) { show(hit.page); } else { drawHits(); }
      searchStatus.textContent = interpolate(gettext("Match %(number)s of %(total)s, on page %(page)s."),
        { number: currentHit + 1, total: hits.length, page: hit.page + 1 }, true);
    }

    function runSearch(query) {
      query = query.trim();
      hits = [];
      currentHit = -1;
      if (!query) { searchStatus.textContent = ""; drawHits(); showText(pages[current]); return; }
      searchStatus.textContent = gettext("Searching…");
      fetch(searchService.id + "?q=" + encodeURIComponent(query), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            return response.text().then(function (message) { throw new Error(message || "HTTP " + response.status); });
          }
          return response.json();
        })
        .then(function (answer) {
          hits = hitsOf(answer, pageOfCanvas);
          previousHit.disabled = nextHit.disabled = hits.length === 0;
          searchStatus.textContent = describeHits(query);
          root.dataset.searchHits = String(hits.length);
          drawHits();
          showText(pages[current]);
        })
        .catch(function (error) {
          searchStatus.textContent = interpolate(gettext("The search could not be done: %(reason)s"), { reason: error.message }, true);
        });
    }

    function showText(page) {
      if (!textPane) { return; }
      textPane.textContent = "";
      if (!page.readings.length) {
        textPane.appendChild(element("p", { "class": "no-text" }, gettext("No machine-read text for this page.")));
        return;
      }
      page.readings.forEach(function (reading) {
        textPane.appendChild(element("h3", {}, reading.label));
        textPane.appendChild(element("p", { "class": "note" },
          gettext("Unchecked machine output: words, names and numbers may be misread. Check them against the image.")));
        var text = element("div", { "class": "ocr-text" });
        text.appendChild(markedText(reading.text, hitsOnPage(current)));
        if (reading.language) { text.setAttribute("lang", reading.language); }
        textPane.appendChild(text);
      });
    }

    function showNotes(page) {
      notes.textContent = "";
      notes.hidden = page.regions.length === 0;
      page.regions.forEach(function (region) {
        var item = element("li", {}, region.text);
        if (region.creator) { item.appendChild(element("span", { "class": "by" }, " (" + (CREATORS[region.creator] || region.creator) + ")")); }
        if (region.own) { item.appendChild(document.createTextNode(" ")); item.appendChild(element("span", { "class": "badge" }, gettext("Only you see this."))); }
        notes.appendChild(item);
      });
    }

    function show(index) {
      current = Math.max(0, Math.min(pages.length - 1, index));
      var page = pages[current];
      showNotes(page);
      imageBox.dataset.shownPage = "";
      status.textContent = interpolate(gettext("Page %(number)s of %(total)s"), { number: current + 1, total: pages.length }, true);
      caption.textContent = page.label;
      previous.disabled = current === 0;
      next.disabled = current === pages.length - 1;
      fullLink.href = page.full;
      stripButtons.forEach(function (button, position) {
        if (position === current) { button.setAttribute("aria-current", "page"); }
        else { button.removeAttribute("aria-current"); }
      });
      if (drawing) { drawing.stop(""); }
      if (page.service) { seadragon.open(page.service); }
      showText(page);
    }

    // "Annotate a region", for a reader the annotations section (annotations.js) says may annotate:
    // pressing it turns a drag on the image from panning into drawing a rectangle, whose note is
    // then written in a small form and sent through the Web Annotation Protocol. Escape cancels.
    // Returns null for anyone else.
    function regionDrawing() {
      var annotations = window.mosaicAnnotations;
      if (!annotations || !annotations.mayAnnotateRegions) { return null; }
      var mode = "idle";  // "drawing": a drag draws; "writing": the note for the drawn region is asked for
      var start = null, region = null;  // in pixels of the page's canvas
      var outline = element("div", { "class": "annotation-region-box drawing" });
      var button = element("button", { type: "button", "class": "annotate-region", "aria-pressed": "false" }, gettext("Annotate a region"));
      controls.insertBefore(button, caption);
      var form = element("form", { "class": "viewer-region-form", "aria-label": gettext("Annotate a region of the page image") });
      var hint = element("p", { "class": "region-status", role: "status" });
      var fields = element("fieldset", { "class": "region-note" });
      fields.hidden = true;
      var noteId = "viewer-region-note-" + Math.random().toString(36).slice(2);
      fields.appendChild(element("legend", {}, gettext("Your note on the marked region")));
      fields.appendChild(element("label", { "for": noteId }, pgettext("a remark written by a reader", "Note")));
      var note = element("textarea", { id: noteId, name: "body", rows: "3", maxlength: "10000", required: "" });
      fields.appendChild(note);
      var save = element("button", { type: "submit" }, gettext("Save"));
      var cancel = element("button", { type: "button", "class": "region-cancel" }, gettext("Cancel"));
      var actions = element("p");
      [save, document.createTextNode(" "), cancel].forEach(function (node) { actions.appendChild(node); });
      fields.appendChild(actions);
      form.appendChild(fields);
      form.appendChild(hint);

      function imagePoint(position) {
        var image = seadragon.world.getItemAt(0);
        var size = image.getContentSize();
        var point = image.viewerElementToImageCoordinates(position);
        return [Math.max(0, Math.min(size.x, point.x)), Math.max(0, Math.min(size.y, point.y))];
      }

      // The rectangle between two corners, in whole pixels; null when too small to be meant.
      function between(a, b) {
        var x = Math.round(Math.min(a[0], b[0])), y = Math.round(Math.min(a[1], b[1]));
        var w = Math.round(Math.max(a[0], b[0])) - x, h = Math.round(Math.max(a[1], b[1])) - y;
        return w >= 2 && h >= 2 ? [x, y, w, h] : null;
      }

      function showOutline(box) {
        var image = seadragon.world.getItemAt(0);
        var location = image.imageToViewportRectangle(box[0], box[1], box[2], box[3]);
        if (seadragon.getOverlayById(outline)) { seadragon.updateOverlay(outline, location); }
        else { seadragon.addOverlay({ element: outline, location: location }); }
      }

      function stop(message) {
        mode = "idle";
        start = region = null;
        if (seadragon.getOverlayById(outline)) { seadragon.removeOverlay(outline); }
        fields.hidden = true;
        button.setAttribute("aria-pressed", "false");
        imageBox.classList.remove("drawing-region");
        hint.textContent = message;
      }

      button.addEventListener("click", function () {
        if (mode !== "idle") { stop(gettext("Cancelled.")); button.focus(); return; }
        mode = "drawing";
        button.setAttribute("aria-pressed", "true");
        imageBox.classList.add("drawing-region");
        hint.textContent = gettext("Drag over the page image to mark the region; Escape cancels.");
      });

      seadragon.addHandler("canvas-press", function (event) {
        if (mode !== "drawing" || !seadragon.world.getItemAt(0)) { return; }
        start = imagePoint(event.position);
        region = null;
      });
      seadragon.addHandler("canvas-drag", function (event) {
        if (mode !== "drawing") { return; }
        event.preventDefaultAction = true;  // the drag draws instead of panning
        if (!start) { return; }
        region = between(start, imagePoint(event.position));
        if (region) { showOutline(region); }
      });
      seadragon.addHandler("canvas-drag-end", function (event) {
        if (mode === "drawing") { event.preventDefaultAction = true; }
      });
      seadragon.addHandler("canvas-release", function (event) {
        if (mode !== "drawing" || !start) { return; }
        region = between(start, imagePoint(event.position));
        start = null;
        if (!region) { hint.textContent = gettext("That region is too small: drag over the part of the page to annotate."); return; }
        showOutline(region);
        mode = "writing";
        imageBox.classList.remove("drawing-region");
        fields.hidden = false;
        hint.textContent = interpolate(gettext("Region %(region)s (x, y, width, height in pixels) marked."), { region: region.join(", ") }, true);
        // After the release OpenSeadragon takes the focus for the image's click; the note takes it back.
        window.setTimeout(function () { note.focus(); }, 0);
      });
      // OpenSeadragon may focus its canvas again later in the same gesture (its click comes after
      // the release, sooner or later); while the note is being written, the focus belongs to it.
      imageBox.addEventListener("focusin", function (event) {
        if (mode === "writing" && !form.contains(event.target)) { note.focus(); }
      });
      // Escape reaches the viewer from the image and the form alike; OpenSeadragon keeps no use for it.
      viewer.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && mode !== "idle") { stop(gettext("Cancelled.")); button.focus(); event.preventDefault(); }
      });
      cancel.addEventListener("click", function () { stop(gettext("Cancelled.")); button.focus(); });

      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (mode !== "writing" || !region) { return; }
        if (!note.value.trim()) { hint.textContent = gettext("Write your note first."); note.focus(); return; }
        var page = pages[current], box = region, text = note.value;
        save.disabled = true;
        hint.textContent = gettext("Saving…");
        annotations.send("POST", annotations.container, {
          "@context": "http://www.w3.org/ns/anno.jsonld",
          type: "Annotation",
          motivation: "commenting",
          body: { type: "TextualBody", value: text, format: "text/plain" },
          target: { source: { id: page.id, type: "Canvas" },
                    selector: { type: "FragmentSelector", conformsTo: "http://www.w3.org/TR/media-frags/", value: "xywh=" + box.join(",") } }
        }).then(function () {
          save.disabled = false;
          note.value = "";
          page.regions.push({ box: box, text: text, creator: "", own: true });
          stop(gettext("Saved. Only you see it until you ask for it to be published (under “Annotations”, once the page is reloaded) and a curator publishes it."));
          if (pages[current] === page) { showNotes(page); drawHits(); }
        }, function (error) {
          save.disabled = false;
          hint.textContent = interpolate(gettext("Not saved: %(reason)s"), { reason: error.message }, true);
        });
      });

      return { form: form, stop: stop };
    }

    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    zoomIn.addEventListener("click", function () { seadragon.viewport.zoomBy(1.5); seadragon.viewport.applyConstraints(); });
    zoomOut.addEventListener("click", function () { seadragon.viewport.zoomBy(1 / 1.5); seadragon.viewport.applyConstraints(); });
    fit.addEventListener("click", function () { seadragon.viewport.goHome(); });
    if (search) {
      search.addEventListener("submit", function (event) { event.preventDefault(); runSearch(searchInput.value); });
      previousHit.addEventListener("click", function () { goToHit(currentHit - 1); });
      nextHit.addEventListener("click", function () { goToHit(currentHit + 1); });
    }
    // Page Up and Page Down turn pages from anywhere in the viewer; arrow keys stay with the image.
    viewer.addEventListener("keydown", function (event) {
      if (event.key === "PageDown") { show(current + 1); event.preventDefault(); }
      else if (event.key === "PageUp") { show(current - 1); event.preventDefault(); }
    });

    gallery.hidden = true;
    show(0);
    var arrivedWith = search ? referringSearch() : "";
    if (arrivedWith) {
      searchInput.value = arrivedWith;
      runSearch(arrivedWith);
    }
  }

  fetch(root.dataset.iiifManifest, { credentials: "same-origin", headers: { Accept: "application/ld+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("manifest: HTTP " + response.status); }
      return response.json();
    })
    .then(build)
    .catch(function (error) {
      root.insertBefore(element("p", { "class": "notice", role: "note" },
        gettext("The page viewer could not start; the thumbnails below link to each full image.")), root.firstChild);
      if (window.console) { window.console.error(error); }
    });
})();
