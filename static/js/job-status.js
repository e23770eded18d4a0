// Report jobs: ask the server every two seconds while the worker renders, then reload to show the result.
(function () {
  "use strict";
  var element = document.getElementById("job");
  if (!element) {
    return;
  }
  var status = element.getAttribute("data-status");
  if (status === "done" || status === "failed") {
    return;
  }
  var live = document.getElementById("job-status");
  function poll() {
    fetch(element.getAttribute("data-status-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.status === "done" || body.status === "failed") {
          window.location.reload();
          return;
        }
        live.textContent = "Status: " + body.label;
        setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 5000); });
  }
  setTimeout(poll, 2000);
})();
