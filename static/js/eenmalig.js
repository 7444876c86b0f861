// <form data-eenmalig>: one submit per page view. The submit buttons are disabled while the form
// is sent (after the browser has read the pressed button, so its name/value still goes along),
// and a second submit is ignored. Coming back through the history re-enables them.
(() => {
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!form.matches("form[data-eenmalig]") || event.defaultPrevented) return;
    if (form.dataset.verzonden) {
      event.preventDefault();
      return;
    }
    form.dataset.verzonden = "1";
    window.setTimeout(() => {
      form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]").forEach((knop) => {
        knop.disabled = true;
        knop.setAttribute("aria-busy", "true");
      });
    }, 0);
  });
  window.addEventListener("pageshow", () => {
    document.querySelectorAll("form[data-eenmalig][data-verzonden]").forEach((form) => {
      delete form.dataset.verzonden;
      form.querySelectorAll("[aria-busy=true]").forEach((knop) => {
        knop.disabled = false;
        knop.removeAttribute("aria-busy");
      });
    });
  });
})();
