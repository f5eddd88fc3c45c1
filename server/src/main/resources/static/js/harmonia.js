// Harmonia's pages: htmx requests carry the CSRF token of the page, as every form does.
document.addEventListener("htmx:configRequest", function (event) {
  var header = document.querySelector('meta[name="csrf-header"]');
  var token = document.querySelector('meta[name="csrf-token"]');
  if (header && token) {
    event.detail.headers[header.content] = token.content;
  }
});

// The session ends after the server's timeout without a request: warn before it, say when it has ended. Every
// page load and every htmx request starts the count again, as each of them keeps the session alive.
(function () {
  var seconds = Number(document.body.dataset.sessionSeconds || 0);
  var warnBefore = Number(document.body.dataset.sessionWarningSeconds || 0);
  var box = document.getElementById("session-warning");
  if (!seconds || !box) {
    return;
  }
  var timers = [];
  function show(selector, visible) {
    box.querySelectorAll(selector).forEach(function (e) { e.hidden = !visible; });
  }
  function start() {
    timers.forEach(clearTimeout);
    box.hidden = true;
    show(".session-soon", true);
    show(".session-ended", false);
    timers = [
      setTimeout(function () { box.hidden = false; }, Math.max(0, seconds - warnBefore) * 1000),
      setTimeout(function () { box.hidden = false; show(".session-soon", false); show(".session-ended", true); }, seconds * 1000)
    ];
  }
  document.addEventListener("htmx:afterRequest", start);
  start();
})();
