// Progressive enhancements for the document page; without JavaScript every text layer is shown
// in turn and the citation can be selected by hand.
(function () {
  "use strict";

  function showLayer(id) {
    document.querySelectorAll(".text-layer").forEach(function (section) {
      section.hidden = section.id !== id;
    });
    document.querySelectorAll("[data-tab]").forEach(function (link) {
      if (link.dataset.tab === id) { link.setAttribute("aria-current", "true"); }
      else { link.removeAttribute("aria-current"); }
    });
  }

  var tabs = document.querySelectorAll("[data-tab]");
  if (tabs.length > 1) {
    tabs.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        showLayer(link.dataset.tab);
      });
    });
    showLayer(tabs[0].dataset.tab);
  }

  document.querySelectorAll("button.copy").forEach(function (button) {
    var source = document.getElementById(button.dataset.copy);
    var status = document.createElement("span");
    status.setAttribute("role", "status");
    status.className = "copy-status";
    button.after(status);
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { status.textContent = gettext("Copied."); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(source.value).then(done, function () {
          source.select(); document.execCommand("copy"); done();
        });
      } else {
        source.select(); document.execCommand("copy"); done();
      }
    });
  });
})();
