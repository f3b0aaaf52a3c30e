// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The error summary's focus and the fields' descriptions are Designsystemet's own
  // (<ds-error-summary>, <ds-field> in vendor/designsystemet/web/index.js).

  // The municipality combobox (<ds-suggestion>) replaces the county checkboxes once the
  // design system's web components are defined; without them the checkboxes are the form.
  var switchToCombobox = function () {
    document.querySelectorAll("[data-municipality-suggest]").forEach(function (suggest) {
      var fallback = suggest.parentElement.querySelector("[data-municipality-picker]");
      suggest.querySelector("select").disabled = false;
      // designsystemet-web 1.22.0 leaves the chosen option's value (a number) in the text box
      // after a choice in multiple mode; empty it so the next name can be typed at once.
      var combobox = suggest.querySelector("ds-suggestion");
      combobox.addEventListener("comboboxafterselect", function () {
        setTimeout(function () {
          combobox.control.value = "";
          combobox.control.dispatchEvent(
            new Event("comboboxprogrammaticinput", { bubbles: true }),
          );
        });
      });
      suggest.hidden = false;
      if (fallback) {
        fallback.querySelectorAll("input").forEach(function (box) {
          box.disabled = true;
        });
        fallback.hidden = true;
        // The error summary links to the first checkbox, now hidden: send the link to the
        // combobox's text box instead, so following it lands where the municipality is chosen.
        document.querySelectorAll("#error-summary a[href^='#']").forEach(function (link) {
          var target = document.getElementById(link.getAttribute("href").slice(1));
          if (target && fallback.contains(target)) {
            link.setAttribute("href", "#" + combobox.control.id);
          }
        });
      }
    });
  };
  if (document.querySelector("[data-municipality-suggest]") && window.customElements) {
    window.customElements.whenDefined("ds-suggestion").then(switchToCombobox);
  }

  // Live word count for the write-up against the soft target and the hard cap. The visible
  // count follows every key; screen readers hear it from a live region once typing pauses,
  // rather than after every word.
  var counter = document.getElementById("word-count");
  if (counter) {
    var fields = document.querySelectorAll("[data-word-count]");
    var target = counter.dataset.target;
    var max = parseInt(counter.dataset.max, 10);
    var spoken = document.createElement("p");
    spoken.id = "word-count-status";
    spoken.className = "ds-sr-only";
    spoken.setAttribute("aria-live", "polite");
    counter.after(spoken);
    var pause;
    var update = function () {
      var count = 0;
      fields.forEach(function (field) {
        var words = field.value.trim().split(/\s+/).filter(Boolean);
        count += words.length;
      });
      var template = count > max ? counter.dataset.over : counter.dataset.template;
      counter.textContent = template
        .replace("{count}", count)
        .replace("{target}", target)
        .replace("{max}", max);
      counter.classList.toggle("kb-over", count > max);
    };
    var announce = function () {
      spoken.textContent = counter.textContent;
    };
    fields.forEach(function (field) {
      field.addEventListener("input", function () {
        update();
        clearTimeout(pause);
        pause = setTimeout(announce, 1000);
      });
    });
    update();
  }
})();
