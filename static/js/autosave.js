// Autosave for the task pages (progressive enhancement: without it, "Save and continue" saves).
// A form marked data-autosave is posted in the background after a pause in typing and every
// 20 seconds while it has unsaved changes, with the header "X-Autosave: 1". The server saves
// what is valid as a draft and answers JSON: the case's new version (kept in the form for the
// next save, so the conflict check holds) and a short status, shown in a polite live region.
(function () {
  "use strict";

  var PAUSE_MS = 2000;
  var EVERY_MS = 20000;

  var setUp = function (form) {
    var status = form.querySelector("[data-autosave-status]");
    var version = form.querySelector("input[name='version']");
    var dirty = false;
    var saving = null; // the save in flight, if any
    var pause;

    var show = function (message) {
      if (status && message) {
        status.textContent = message;
      }
    };

    var save = function () {
      if (!dirty || saving) {
        return;
      }
      dirty = false;
      var data = new FormData(form);
      // Files are sent with "Save and continue" only.
      form.querySelectorAll("input[type='file']").forEach(function (input) {
        data.delete(input.name);
      });
      data.delete("action");
      saving = fetch(window.location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {
          "X-Autosave": "1",
          "X-CSRFToken": data.get("csrfmiddlewaretoken") || "",
          Accept: "application/json",
        },
      })
        .then(function (response) {
          if (response.status === 403 && status && status.dataset.signedOut) {
            // Signed out meanwhile: the server kept the text in this browser; keep sending the
            // newest, and say how to get back in.
            return { saved: false, retry: true, message: status.dataset.signedOut };
          }
          return response.json().catch(function () {
            // Not our JSON (a lost session, a proxy's error page): try again later.
            return { saved: false, retry: true, message: status ? status.dataset.failed : "" };
          });
        })
        .then(function (answer) {
          if (answer.saved && version && answer.version) {
            version.value = answer.version;
          }
          // A refusal (deadline passed, someone else saved) is not retried: the message says
          // what to do, and "Save and continue" shows it on the page.
          if (answer.retry) {
            dirty = true;
          }
          show(answer.message);
        })
        .catch(function () {
          dirty = true;
          show(status ? status.dataset.failed : "");
        })
        .finally(function () {
          saving = null;
        });
    };

    var changed = function (event) {
      if (event.target.type === "file") {
        return;
      }
      dirty = true;
      clearTimeout(pause);
      pause = setTimeout(save, PAUSE_MS);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    setInterval(save, EVERY_MS);
    // A tab closed or hidden: try once more, so at most a few seconds are lost.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        save();
      }
    });
    form.addEventListener("submit", function (event) {
      clearTimeout(pause);
      if (saving) {
        // Wait for the background save, so the button's POST carries the version it made
        // (else it would conflict with our own autosave), then send the form as clicked.
        event.preventDefault();
        var submitter = event.submitter;
        saving.finally(function () {
          form.requestSubmit(submitter);
        });
        return;
      }
      dirty = false;
    });
  };

  document.querySelectorAll("form[data-autosave]").forEach(setUp);
})();
