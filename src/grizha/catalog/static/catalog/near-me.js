/*
 * "Sort by distance from my location" on the list of services: an extra, only with JavaScript and only
 * when the visitor presses the button. The browser asks for permission; the position, rounded to about
 * a kilometre, goes into the list's address as lat and lng. Without JavaScript the settlement list
 * of the same form does the same job, so the button stays hidden.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-near-me]");
  if (!box || !("geolocation" in navigator) || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var form = box.parentNode;
  while (form && form.nodeName !== "FORM") {
    form = form.parentNode;
  }
  if (!form) {
    return;
  }
  var button = box.querySelector("button");
  var status = box.querySelector("[role=status]");
  var replaced = { near: true, sort: true, lat: true, lng: true };
  var busy = false; // not `disabled`: a disabled button would lose the keyboard focus

  function found(position) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (!replaced[name]) {
        params.append(name, value);
      }
    });
    params.set("sort", "distance");
    params.set("lat", position.coords.latitude.toFixed(2));
    params.set("lng", position.coords.longitude.toFixed(2));
    window.location.assign(form.getAttribute("action") + "?" + params.toString());
  }

  function failed() {
    status.textContent = box.getAttribute("data-error");
    busy = false;
  }

  box.hidden = false;
  button.addEventListener("click", function () {
    if (busy) {
      return;
    }
    busy = true;
    status.textContent = box.getAttribute("data-finding");
    navigator.geolocation.getCurrentPosition(found, failed, { timeout: 15000, maximumAge: 600000 });
  });
})();
