// Autosave for the translation workspace. Without JavaScript the "Save draft" button does the
// same; with it, the draft is sent a moment after the translator stops typing, together with the
// revision it was based on. If the server has a newer revision (another tab or person saved),
// it refuses with 409 and this script stops saving rather than overwrite that work.
(function () {
  "use strict";

  var form = document.getElementById("draft-form");
  if (!form || !window.fetch) { return; }
  var textarea = document.getElementById("draft");
  var revisionField = document.getElementById("draft-revision");
  var status = document.getElementById("save-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var url = form.dataset.autosaveUrl;
  var PAUSE_MS = 1200;

  var lastSaved = textarea.value;
  var timer = null;
  var saving = false;
  var stopped = false;        // after a conflict or refusal: the page is stale, saving again would be wrong
  var submitter = null;       // a button pressed while a save was on its way
  var leaving = false;

  function show(message, isError) {
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function readAnswer(response) {
    return response.json().catch(function () {
      return { error: interpolate(gettext("Not saved: the server's answer was not understood (status %(status)s)."), { status: response.status }, true) };
    }).then(function (data) { return { ok: response.ok, status: response.status, data: data }; });
  }

  function afterSave() {
    saving = false;
    if (submitter && !stopped) {
      var button = submitter;
      submitter = null;
      form.requestSubmit(button);
    } else if (!stopped && textarea.value !== lastSaved) {
      schedule();
    }
  }

  function save() {
    timer = null;
    if (stopped || saving || textarea.value === lastSaved) { return; }
    var text = textarea.value;
    saving = true;
    show(gettext("Saving…"));
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token, "Accept": "application/json" },
      body: JSON.stringify({ draft: text, revision: parseInt(revisionField.value, 10) })
    }).then(readAnswer).then(function (answer) {
      if (answer.ok) {
        revisionField.value = answer.data.revision;
        lastSaved = text;
        show(interpolate(textarea.value === text ? gettext("Saved at %(time)s") : gettext("Saved at %(time)s; more changes to save"),
          { time: answer.data.saved_at }, true));
      } else {
        show(answer.data.error || gettext("Not saved."), true);
        if (answer.status === 409 || answer.status === 403 || answer.status === 401) { stopped = true; }
      }
    }, function () {
      show(gettext("Not saved: the server could not be reached. Your text is still here; it is saved when you next type or press “Save draft”."), true);
    }).then(afterSave);
  }

  function schedule() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, PAUSE_MS);
  }

  textarea.addEventListener("input", function () {
    if (stopped) { return; }
    show(gettext("Not saved yet"));
    schedule();
  });

  form.addEventListener("submit", function (event) {
    if (timer) { clearTimeout(timer); timer = null; }
    if (saving) {
      // Wait for the autosave on its way, so the form is sent with the revision it produced.
      event.preventDefault();
      submitter = event.submitter || null;
      return;
    }
    leaving = true;
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && textarea.value !== lastSaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
