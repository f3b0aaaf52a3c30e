// The submission's change page in the admin: the workflow buttons (publish, request changes,
// ask for approval, ...) act on the saved case and leave the page, so a click would throw away
// edits typed into the change form below. While that form has unsaved edits, the buttons are
// disabled and a note says why. Progressive enhancement: without this file the page works.
(function () {
  "use strict";

  var form = document.getElementById("submission_form");
  var panel = document.getElementById("kb-workflow");
  var note = document.getElementById("kb-unsaved-note");
  if (!form || !panel || !note) {
    return;
  }
  var buttons = panel.querySelectorAll("button[type=submit]");

  // What the form would send, as one string. The admin's two-box selector (filter_horizontal)
  // sends every option of its "chosen" box and none of its "available" box.
  var snapshot = function () {
    var parts = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      var available = field.classList.contains("filtered") && /_from$/.test(field.id);
      if (!field.name || field.name === "csrfmiddlewaretoken" || available) {
        return;
      }
      var value;
      if (field.type === "checkbox" || field.type === "radio") {
        value = field.checked ? field.value : "";
      } else if (field.type === "file") {
        value = Array.prototype.map.call(field.files, function (file) { return file.name; });
      } else if (field.tagName === "SELECT") {
        var all = /_to$/.test(field.id);
        value = Array.prototype.filter.call(field.options, function (option) {
          return all || option.selected;
        }).map(function (option) { return option.value; });
      } else {
        value = field.value;
      }
      parts.push(field.name + "=" + value);
    });
    return parts.join("\n");
  };

  var saved = snapshot();
  // A page shown again with errors holds input that was not saved.
  var rejected = document.querySelector(".errornote, .errorlist") !== null;

  var isDirty = function () {
    return rejected || snapshot() !== saved;
  };

  var update = function () {
    var dirty = isDirty();
    note.hidden = !dirty;
    Array.prototype.forEach.call(buttons, function (button) {
      button.disabled = dirty;
    });
  };

  ["input", "change", "click", "keyup"].forEach(function (type) {
    form.addEventListener(type, update);
  });
  // The last guard, e.g. for a change made by a widget's script without an event.
  panel.addEventListener("submit", function (event) {
    if (isDirty()) {
      event.preventDefault();
      update();
    }
  });
  update();
})();
