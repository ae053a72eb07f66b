/* Meeting page: while a report is queued or rendering within its time bound (rows marked
   data-live by the server), ask the JSON status endpoint every few seconds and redraw the
   reports table in place (no page reload). Polling stops once nothing is live: every
   report is ready, failed, or stale (no worker on it; the page offers Retry). Progressive
   enhancement: without JavaScript a reload shows the same table. */
(function () {
  "use strict";
  var box = document.querySelector("[data-report-status-url]");
  if (!box || !window.fetch) { return; }
  var live = document.getElementById("report-live");
  var url = box.getAttribute("data-report-status-url");
  var delay = 2000;

  function states() {
    var seen = {};
    box.querySelectorAll("[data-report-id]").forEach(function (row) {
      seen[row.getAttribute("data-report-id")] = row.getAttribute("data-state");
    });
    return seen;
  }
  function pending() {
    return box.querySelector("[data-live]") !== null;
  }
  function announce(before, reports) {
    if (!live) { return; }
    var news = reports.filter(function (r) { return before[r.id] && before[r.id] !== r.state; })
      .map(function (r) { return "v" + r.version + ": " + r.state_label; });
    if (news.length) { live.textContent = news.join(". "); }
  }
  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        var before = states();
        box.innerHTML = data.html;  /* rendered and escaped by the server's template */
        announce(before, data.reports);
        delay = 2000;
        if (data.pending) { window.setTimeout(poll, delay); }
      })
      .catch(function () {
        delay = Math.min(delay * 2, 30000);  /* back off while the server is unreachable */
        window.setTimeout(poll, delay);
      });
  }
  if (pending()) { window.setTimeout(poll, delay); }
}());
