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

// Follows long work the pages started (a new cohort's setup, provisioning): asks
// the service every 3 seconds how far it has gone, as recorded in Google, and
// shows it in the page's <progress> bar and status line; once finished, reloads
// the page, which then shows what was made. Each question costs the coordinator's
// Google quota a read, so after 3 minutes without progress it stops asking and
// says so. Without JavaScript, the page's "Refresh" link does the same by hand.
(function () {
  "use strict";
  var EVERY = 3000, PATIENCE = 180000;
  function follow(element) {
    var url = element.getAttribute("data-progress-url");
    var bar = document.getElementById(element.getAttribute("data-progress-bar"));
    var last = null, since = Date.now();
    function ask() {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (answer) { return answer.json(); })
        .then(function (state) {
          element.textContent = state.text;
          if (bar) {
            bar.max = state.total || 1;
            bar.value = state.done || 0;
            bar.textContent = state.done + " of " + state.total;
          }
          if (state.finished) {
            element.setAttribute("data-finished", "true");
            window.location.reload();
            return;
          }
          if (state.done !== last) {
            last = state.done;
            since = Date.now();
          }
          if (Date.now() - since > PATIENCE) {
            element.textContent = state.text + ". No progress for 3 minutes: refresh the " +
              "page to look again (the service's logs say why a task failed).";
            return;
          }
          setTimeout(ask, EVERY);
        })
        .catch(function () { setTimeout(ask, EVERY * 2); });
    }
    setTimeout(ask, 1000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(follow);
  });
})();
