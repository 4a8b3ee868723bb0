/*
 * Suggestions while typing: turns the search box of each form[data-suggest-url] into an ARIA 1.2
 * combobox with a listbox popup and list autocomplete (WAI-ARIA Authoring Practices, "Combobox"):
 * the box keeps focus, the arrow keys move aria-activedescendant through the options, Enter opens
 * the chosen one, Escape closes the list, Tab leaves it. A polite live region says how many
 * suggestions there are. Without this script the form is a plain search form, and its
 * "Show suggestions" button lists the same suggestions on a page of their own.
 */
(function () {
  "use strict";

  var DELAY = 150; // ms after the last key before asking, so fast typing asks once
  var MIN_CHARS = 2;

  function enhance(form) {
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[role=listbox]");
    var status = form.querySelector("[role=status]");
    if (!input || !list || !status || form.hasAttribute("data-suggest-ready")) {
      return;
    }
    var help = document.getElementById(input.id + "-suggest-help");
    var button = form.querySelector("[data-suggest-button]");
    form.setAttribute("data-suggest-ready", "");

    var timer = null;
    var controller = null;
    var asked = 0; // number of the latest request: an older answer arriving late is dropped
    var shown = ""; // the text the options were found for
    var options = [];
    var active = -1;
    var announced = "";

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    if (help) {
      input.setAttribute("aria-describedby", (input.getAttribute("aria-describedby") || "") + " " + help.id);
    }
    if (button) {
      button.hidden = true; // the list below the box does what the button's page does
    }

    function announce(text) {
      if (text !== announced) {
        announced = text;
        status.textContent = text;
      }
    }

    function isOpen() {
      return !list.hidden;
    }

    function open() {
      if (options.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    }

    function close() {
      setActive(-1);
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        options[index].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[index].id);
        if (options[index].scrollIntoView) {
          options[index].scrollIntoView({ block: "nearest" });
        }
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(answer, text) {
      list.textContent = "";
      options = [];
      active = -1;
      shown = text;
      answer.suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = input.id + "-option-" + index;
        option.className = "suggest__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", suggestion.url);
        var label = document.createElement("span");
        label.className = "suggest__label";
        label.textContent = suggestion.label;
        var pause = document.createElement("span");
        pause.className = "visually-hidden";
        pause.textContent = ", ";
        var kind = document.createElement("span");
        kind.className = "suggest__kind";
        kind.textContent = suggestion.kind_label;
        option.appendChild(label);
        option.appendChild(pause);
        option.appendChild(kind);
        list.appendChild(option);
        options.push(option);
      });
      input.removeAttribute("aria-activedescendant");
      if (options.length && document.activeElement === input) {
        open();
      } else {
        close();
      }
      announce(answer.status);
    }

    function ask() {
      var text = input.value;
      if (text.trim().length < MIN_CHARS) {
        render({ suggestions: [], status: "" }, text);
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var number = ++asked;
      var url = form.getAttribute("data-suggest-url") + "?q=" + encodeURIComponent(text);
      fetch(url, { headers: { Accept: "application/json" }, signal: controller ? controller.signal : undefined })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(response.status);
          }
          return response.json();
        })
        .then(function (answer) {
          if (number === asked) {
            render(answer, text);
          }
        })
        .catch(function () {
          // No suggestions is the plain search box, which still works: nothing to tell.
        });
    }

    function choose(index) {
      var option = options[index];
      if (option) {
        window.location.assign(option.getAttribute("data-url"));
      }
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      setActive(-1);
      timer = window.setTimeout(ask, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) {
        return;
      }
      switch (event.key) {
        case "ArrowDown":
        case "Down":
          if (!options.length || shown !== input.value) {
            if (input.value.trim().length >= MIN_CHARS) {
              window.clearTimeout(timer);
              ask();
            }
            return;
          }
          event.preventDefault();
          if (!isOpen()) {
            open();
            if (!event.altKey) {
              setActive(0);
            }
          } else if (!event.altKey) {
            setActive(active + 1 < options.length ? active + 1 : 0);
          }
          break;
        case "ArrowUp":
        case "Up":
          if (!isOpen() || event.altKey) {
            return;
          }
          event.preventDefault();
          setActive(active > 0 ? active - 1 : options.length - 1);
          break;
        case "Enter":
          if (isOpen() && active >= 0) {
            event.preventDefault();
            choose(active);
          }
          break;
        case "Escape":
        case "Esc":
          if (isOpen()) {
            event.preventDefault(); // a first Escape closes the list; a second clears the box as usual
            close();
          }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    // Keep focus in the box while an option is pressed, so the list is still there for the click.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest ? event.target.closest("[role=option]") : null;
      if (option) {
        choose(options.indexOf(option));
      }
    });
    input.addEventListener("blur", function () {
      close();
    });
    input.addEventListener("focus", function () {
      if (options.length && shown === input.value) {
        open();
      }
    });
  }

  if (!window.fetch || !document.querySelectorAll) {
    return; // an old browser keeps the plain form and its button
  }
  var forms = document.querySelectorAll("form[data-suggest-url]");
  for (var i = 0; i < forms.length; i += 1) {
    enhance(forms[i]);
  }
})();
