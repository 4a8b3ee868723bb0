/*
 * A page that waits for something made in the background (a document, a recording) asks the server
 * again every few seconds and updates its changing parts in place. It does not reload itself: a page
 * that refreshes moves the reader back to the top and interrupts a screen reader (WCAG 2.2.1, axe
 * meta-refresh). The status is a live region, so what changes is announced. Without JavaScript the
 * page offers a link to check again.
 *
 *   data-progress="3"     on the page while it waits: the seconds between checks
 *   id="…" data-progress-part    replaced by the element of the same id on the page as it is now
 */
"use strict";
(function () {
  var waiting = document.querySelector("[data-progress]");
  if (!waiting || !window.fetch || !window.DOMParser) {
    return;
  }
  var delay = Math.max(2, parseInt(waiting.getAttribute("data-progress"), 10) || 3) * 1000;

  function update(html) {
    var now = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-progress-part]").forEach(function (part) {
      var fresh = part.id && now.getElementById(part.id);
      if (!fresh || fresh.innerHTML === part.innerHTML) {
        return;
      }
      var hadFocus = part.contains(document.activeElement);
      part.innerHTML = fresh.innerHTML;
      if (hadFocus) {
        // What had the focus is gone: the new status takes it, so the reader is not sent to the top.
        waiting.setAttribute("tabindex", "-1");
        waiting.focus();
      }
    });
    return now.querySelector("[data-progress]") !== null;
  }

  function check() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
      })
      .then(function (html) {
        if (update(html)) {
          window.setTimeout(check, delay);
        }
      })
      .catch(function () {
        window.setTimeout(check, delay * 2);
      });
  }

  window.setTimeout(check, delay);
})();
