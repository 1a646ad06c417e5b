// Annotations on a document page: marks each annotated passage in the text it is on, and lets a
// signed-in reader annotate a passage they select (with the mouse, or from the keyboard with the
// browser's caret browsing and Shift + arrow keys), sending it through the Web Annotation
// Protocol. Without JavaScript the annotations are still listed below the text with their quotes.
// Regions of a page image are drawn in the page viewer, which posts them through `send` here.
//
// A passage is found in the page by counting the characters of its text layer that are not
// whitespace: the page lays the text out in paragraphs, line breaks and page rules, which change
// its whitespace and nothing else (mosaic/annotations/anchoring.py counts the same way).
(function () {
  "use strict";

  var data = document.getElementById("annotations-data");
  var section = document.getElementById("annotations");
  if (!data || !section) { return; }
  var config = JSON.parse(data.textContent);
  var SPACE = /^\s$/;
  var PROFILE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';
  var CONTEXT = 32;  // characters of text kept either side of a quote

  function textRoot(sectionId) {
    var layer = document.getElementById(sectionId);
    return layer ? layer.querySelector(".text") : null;
  }

  function textNodes(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    return nodes;
  }

  // Wraps the non-whitespace characters number `skip` to `skip + length` of a text in <mark>s,
  // one per text node they run through.
  function markPassage(root, skip, length, id, published) {
    var end = skip + length, count = 0, pieces = [];
    textNodes(root).forEach(function (node) {
      var offset = 0, from = -1, to = -1;
      Array.from(node.data).forEach(function (character) {
        if (!SPACE.test(character)) {
          if (count >= skip && count < end) {
            if (from < 0) { from = offset; }
            to = offset + character.length;
          }
          count += 1;
        }
        offset += character.length;
      });
      if (from >= 0) { pieces.push([node, from, to]); }
    });
    pieces.forEach(function (piece) {
      var range = document.createRange();
      range.setStart(piece[0], piece[1]);
      range.setEnd(piece[0], piece[2]);
      var mark = document.createElement("mark");
      mark.className = "annotation-mark" + (published ? "" : " not-public");
      mark.dataset.annotation = id;
      mark.title = gettext("Annotated: the note is under “Annotations”");
      range.surroundContents(mark);
      mark.addEventListener("click", function () { window.location.hash = id; });
    });
  }

  config.marks.forEach(function (item) {
    var root = textRoot(item.section);
    if (root) { markPassage(root, item.skip, item.length, item.id, item.published); }
  });

  var token = section.querySelector("input[name=csrfmiddlewaretoken]");

  function send(method, url, body) {
    var headers = { Accept: PROFILE, "X-CSRFToken": token ? token.value : "" };
    if (body) { headers["Content-Type"] = PROFILE; }
    return fetch(url, { method: method, credentials: "same-origin", headers: headers, body: body ? JSON.stringify(body) : undefined })
      .then(function (response) {
        if (response.ok) { return response.status === 204 ? null : response.json(); }
        return response.json().then(function (answer) { throw new Error(answer.detail || "HTTP " + response.status); },
                                    function () { throw new Error("HTTP " + response.status); });
      });
  }

  // After a change the page is made again by the server, which lists and marks everything the
  // same way for everyone, and brought to the annotation concerned.
  function reloadAt(anchor) {
    window.location.hash = anchor || "annotations";
    window.location.reload();
  }

  section.querySelectorAll("button.annotation-delete").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      if (!window.confirm(gettext("Delete this annotation? A coordinator can bring it back from the trash."))) { return; }
      button.disabled = true;
      send("DELETE", button.dataset.url).then(function () { reloadAt("annotations"); }, function (error) {
        button.disabled = false;
        window.alert(interpolate(gettext("Not deleted: %(reason)s"), { reason: error.message }, true));
      });
    });
  });

  // The page viewer (mosaic/iiif/static/iiif/viewer.js) sends the regions a reader draws on a page
  // image through the same request. This script comes first in the page and both are deferred, so
  // it is here before the viewer reads its manifest.
  window.mosaicAnnotations = {
    container: config.container,
    send: send,
    mayAnnotateRegions: section.hasAttribute("data-annotate-regions") && token !== null
  };

  var form = section.querySelector("form.annotation-form");
  if (!form) { return; }
  var annotate = form.querySelector(".annotate-selection");
  var fields = form.querySelector(".annotation-new");
  var status = form.querySelector(".annotation-status");
  var body = form.querySelector("textarea[name=body]");
  var chosen = null;  // the passage selected when "Annotate" was pressed

  function layerOf(range) {
    for (var i = 0; i < config.layers.length; i++) {
      var root = textRoot(config.layers[i].section);
      if (root && root.contains(range.startContainer) && root.contains(range.endContainer)) {
        return { layer: config.layers[i], root: root };
      }
    }
    return null;
  }

  // The selection as a TextQuoteSelector, with its place counted in non-whitespace characters.
  function describe(range, root) {
    var before = document.createRange();
    before.setStart(root, 0);
    before.setEnd(range.startContainer, range.startOffset);
    var after = document.createRange();
    after.setStart(range.endContainer, range.endOffset);
    after.setEnd(root, root.childNodes.length);
    var exact = range.toString();
    var prefix = before.toString(), suffix = after.toString();
    return {
      exact: exact,
      prefix: Array.from(prefix).slice(-CONTEXT).join(""),
      suffix: Array.from(suffix).slice(0, CONTEXT).join("")
    };
  }

  function currentSelection() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0);
    var found = layerOf(range);
    if (!found || !range.toString().trim()) { return null; }
    return { range: range.cloneRange(), layer: found.layer, quote: describe(range, found.root) };
  }

  document.addEventListener("selectionchange", function () {
    if (!fields.hidden) { return; }  // a note is being written: keep its passage
    annotate.disabled = currentSelection() === null;
  });

  annotate.addEventListener("click", function () {
    chosen = currentSelection();
    if (!chosen) { status.textContent = gettext("First select a passage of the text."); return; }
    form.querySelector(".annotation-layer").textContent = chosen.layer.label;
    form.querySelector(".annotation-new .annotation-quote").textContent = chosen.quote.exact;
    fields.hidden = false;
    annotate.disabled = true;
    status.textContent = "";
    body.focus();
  });

  form.querySelector(".annotation-cancel").addEventListener("click", function () {
    fields.hidden = true;
    chosen = null;
    status.textContent = "";
    annotate.disabled = currentSelection() === null;
    annotate.focus();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!chosen || !body.value.trim()) { status.textContent = gettext("Write your note first."); body.focus(); return; }
    var language = form.querySelector("select[name=language]").value;
    var note = { type: "TextualBody", value: body.value, format: "text/plain" };
    if (language) { note.language = language; }
    var annotation = {
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "Annotation",
      motivation: form.querySelector("select[name=motivation]").value,
      body: note,
      target: { source: chosen.layer.source, selector: {
        type: "TextQuoteSelector", exact: chosen.quote.exact, prefix: chosen.quote.prefix, suffix: chosen.quote.suffix } }
    };
    status.textContent = gettext("Saving…");
    send("POST", config.container, annotation).then(function (saved) {
      status.textContent = gettext("Saved: only you see it.");
      reloadAt("annotation-" + saved.id.split("/").pop());
    }, function (error) {
      status.textContent = interpolate(gettext("Not saved: %(reason)s"), { reason: error.message }, true);
    });
  });

  form.hidden = false;
})();
