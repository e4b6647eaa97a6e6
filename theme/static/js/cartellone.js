/* Cartellone: hide list items of events that have ended since the site was built.
   Each such item carries data-end (ISO 8601 with offset). No framework, no inline script (CSP-friendly):
   loaded with `defer`; without JavaScript every item simply stays visible. */
(function () {
  "use strict";
  var now = Date.now();
  var items = document.querySelectorAll("li[data-end]");
  for (var i = 0; i < items.length; i++) {
    var end = Date.parse(items[i].getAttribute("data-end"));
    if (!isNaN(end) && end < now) {
      items[i].hidden = true;
    }
  }
})();
