// The page-image viewer of a document page: reads the document's IIIF manifest, shows one page at
// a time in OpenSeadragon (zoom and pan, by mouse, touch or keyboard) and, beside it, the page's
// machine-read text where the reader may see it. Without JavaScript, or if the manifest cannot
// be read, the page keeps its plain list of thumbnails linking to the full images.
(function () {
  "use strict";

  var root = document.querySelector("[data-iiif-manifest]");
  if (!root || !window.OpenSeadragon || !window.fetch) { return; }

  function english(value) {
    if (!value) { return ""; }
    var values = value.en || value.none || value[Object.keys(value)[0]] || [];
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
      var readings = [];
      (canvas.annotations || []).forEach(function (page) {
        (page.items || []).forEach(function (annotation) {
          if (annotation.motivation === "supplementing" && annotation.body && annotation.body.type === "TextualBody") {
            readings.push({ label: english(annotation.label), language: annotation.body.language || "", text: annotation.body.value });
          }
        });
      });
      return {
        label: english(canvas.label),
        full: image.id,
        service: service ? service.id + "/info.json" : null,
        thumbnail: canvas.thumbnail && canvas.thumbnail[0] ? canvas.thumbnail[0] : null,
        readings: readings
      };
    });
  }

  function build(manifest) {
    var pages = pagesOf(manifest);
    if (!pages.length) { return; }
    var anyText = pages.some(function (page) { return page.readings.length > 0; });
    var current = 0;

    var viewer = element("div", { "class": "viewer", role: "region", "aria-label": "Page image viewer" });
    var controls = element("div", { "class": "viewer-controls", role: "group", "aria-label": "Page controls" });
    var previous = element("button", { type: "button", "class": "previous" }, "‹ Previous page");
    var status = element("span", { "class": "page-status", "aria-live": "polite" });
    var caption = element("span", { "class": "canvas-label" });
    var next = element("button", { type: "button", "class": "next" }, "Next page ›");
    var zoomIn = element("button", { type: "button", "aria-label": "Zoom in" }, "+");
    var zoomOut = element("button", { type: "button", "aria-label": "Zoom out" }, "−");
    var fit = element("button", { type: "button" }, "Fit page");
    var fullLink = element("a", { "class": "full-image" }, "Full image");
    [previous, status, next, zoomIn, zoomOut, fit, caption, fullLink].forEach(function (node) { controls.appendChild(node); });

    var body = element("div", { "class": "viewer-body" + (anyText ? " with-text" : "") });
    var imageBox = element("div", { "class": "viewer-image" });
    body.appendChild(imageBox);
    var textPane = null;
    if (anyText) {
      textPane = element("aside", { "class": "viewer-text", "aria-label": "Machine-read text of this page" });
      body.appendChild(textPane);
    }

    var strip = element("ol", { "class": "viewer-thumbnails", "aria-label": "All pages" });
    var stripButtons = pages.map(function (page, index) {
      var item = element("li");
      var button = element("button", { type: "button", "aria-label": "Page " + (index + 1) + ": " + page.label });
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

    viewer.appendChild(controls);
    viewer.appendChild(body);
    if (pages.length > 1) { viewer.appendChild(strip); }

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
      status.textContent = "Page " + (current + 1) + " of " + pages.length + ": the image could not be loaded.";
    });
    if (seadragon.canvas) { seadragon.canvas.setAttribute("aria-label", "Page image: drag or use the arrow keys to move, + and − to zoom"); }

    function showText(page) {
      if (!textPane) { return; }
      textPane.textContent = "";
      if (!page.readings.length) {
        textPane.appendChild(element("p", { "class": "no-text" }, "No machine-read text for this page."));
        return;
      }
      page.readings.forEach(function (reading) {
        textPane.appendChild(element("h3", {}, reading.label));
        textPane.appendChild(element("p", { "class": "note" },
          "Unchecked machine output: words, names and numbers may be misread. Check them against the image."));
        var text = element("div", { "class": "ocr-text" }, reading.text);
        if (reading.language) { text.setAttribute("lang", reading.language); }
        textPane.appendChild(text);
      });
    }

    function show(index) {
      current = Math.max(0, Math.min(pages.length - 1, index));
      var page = pages[current];
      imageBox.dataset.shownPage = "";
      status.textContent = "Page " + (current + 1) + " of " + pages.length;
      caption.textContent = page.label;
      previous.disabled = current === 0;
      next.disabled = current === pages.length - 1;
      fullLink.href = page.full;
      stripButtons.forEach(function (button, position) {
        if (position === current) { button.setAttribute("aria-current", "page"); }
        else { button.removeAttribute("aria-current"); }
      });
      if (page.service) { seadragon.open(page.service); }
      showText(page);
    }

    previous.addEventListener("click", function () { show(current - 1); });
    next.addEventListener("click", function () { show(current + 1); });
    zoomIn.addEventListener("click", function () { seadragon.viewport.zoomBy(1.5); seadragon.viewport.applyConstraints(); });
    zoomOut.addEventListener("click", function () { seadragon.viewport.zoomBy(1 / 1.5); seadragon.viewport.applyConstraints(); });
    fit.addEventListener("click", function () { seadragon.viewport.goHome(); });
    // Page Up and Page Down turn pages from anywhere in the viewer; arrow keys stay with the image.
    viewer.addEventListener("keydown", function (event) {
      if (event.key === "PageDown") { show(current + 1); event.preventDefault(); }
      else if (event.key === "PageUp") { show(current - 1); event.preventDefault(); }
    });

    gallery.hidden = true;
    show(0);
  }

  fetch(root.dataset.iiifManifest, { credentials: "same-origin", headers: { Accept: "application/ld+json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("manifest: HTTP " + response.status); }
      return response.json();
    })
    .then(build)
    .catch(function (error) {
      root.insertBefore(element("p", { "class": "notice", role: "note" },
        "The page viewer could not start; the thumbnails below link to each full image."), root.firstChild);
      if (window.console) { window.console.error(error); }
    });
})();
