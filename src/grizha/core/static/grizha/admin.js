/*
 * Django's autocomplete boxes (select2) name their combobox by the value chosen, which is nothing
 * until a value is chosen (WCAG 4.1.2, axe aria-input-field-name). Name each one by its field's label
 * as well, once select2 has built it: on page load, and for each inline row added later.
 */
"use strict";
(function () {
  function nameAutocompletes(root) {
    root.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var label = select.id && document.querySelector('label[for="' + select.id + '"]');
      if (!label || !container || !container.classList.contains("select2")) {
        return;
      }
      label.id = label.id || select.id + "-label";
      var rendered = container.querySelector(".select2-selection__rendered");
      var combobox = container.querySelector('[role="combobox"]');
      if (rendered) {
        rendered.setAttribute("aria-labelledby", label.id);
      }
      if (combobox) {
        combobox.setAttribute("aria-labelledby", label.id + (rendered && rendered.id ? " " + rendered.id : ""));
      }
    });
  }

  if (window.django && window.django.jQuery) {
    // After Django's own ready handler (autocomplete.js), which builds the boxes.
    window.django.jQuery(function () {
      nameAutocompletes(document);
    });
  }
  document.addEventListener("formset:added", function (event) {
    nameAutocompletes(event.target);
  });
})();
