// Counts one view of this page for 人気記事 (popularity/). The page may come from a cache,
// so the count is a separate POST that is never cached. Sent once the page is actually
// visible (not for a prerendered or background tab that is never looked at). No cookie,
// nothing about the reader is sent: only the page id.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) {
    return;
  }
  var endpoint = script.dataset.endpoint;
  var body = new URLSearchParams({ page: script.dataset.page });
  var sent = false;

  function send() {
    if (sent || document.visibilityState !== "visible") {
      return;
    }
    sent = true;
    if (!(navigator.sendBeacon && navigator.sendBeacon(endpoint, body))) {
      fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit" });
    }
  }

  send();
  document.addEventListener("visibilitychange", send);
})();
