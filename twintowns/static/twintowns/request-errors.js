/* A failed htmx request says so, in an alert above the page. Otherwise a server error, a
   refusal or no answer at all would leave the page as it was, without a word, and the person
   would think it saved. The messages come translated on <body> (data-request-error,
   data-network-error, data-close-label); a file, not an inline script, which the CSP forbids. */
(() => {
  "use strict";

  const ALERT_ID = "request-error";

  function clear() {
    const shown = document.getElementById(ALERT_ID);
    if (shown) shown.remove();
  }

  function show(text) {
    const main = document.getElementById("main");
    if (!main || !text) return;
    clear();
    const alert = document.createElement("div");
    alert.id = ALERT_ID;
    alert.className = "alert alert-danger alert-dismissible";
    alert.setAttribute("role", "alert");
    const message = document.createElement("span");
    message.textContent = text;
    const close = document.createElement("button");
    close.type = "button";
    close.className = "btn-close";
    close.setAttribute("data-bs-dismiss", "alert");
    close.setAttribute("aria-label", document.body.dataset.closeLabel || "Close");
    alert.append(message, close);
    main.prepend(alert);
    alert.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("htmx:beforeSend", clear); // a new try: the old failure is past
  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr ? String(event.detail.xhr.status) : "";
    show((document.body.dataset.requestError || "").replace("{status}", status));
  });
  document.addEventListener("htmx:sendError", () => show(document.body.dataset.networkError));
})();
