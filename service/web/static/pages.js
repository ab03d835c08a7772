// Follows a sync started with "Sync now": asks the service every 3 seconds whether
// the cohort's Sync log has a new line, shows the answer, and stops once it has
// (a reload then shows the new counts). No other script runs on the pages.
(function () {
  "use strict";
  function follow(element) {
    var url = element.getAttribute("data-status-url");
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (answer) { return answer.json(); })
        .then(function (status) {
          element.textContent = status.text;
          if (status.done) {
            element.setAttribute("data-done", "true");
          } else {
            setTimeout(ask, 3000);
          }
        })
        .catch(function () { setTimeout(ask, 5000); });
    }
    ask();
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-status-url]").forEach(follow);
  });
})();
