// Signalen: small behaviours without inline script (strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // Transition form: the closing reason only matters when closing; show it only then.
  const wisselAfsluitreden = (form) => {
    const naar = form.querySelector("select[name='naar']");
    const reden = form.querySelector("#div_id_afsluitreden");
    if (naar && reden) reden.hidden = naar.value !== "afgesloten";
  };
  document.querySelectorAll("form").forEach(wisselAfsluitreden);
  document.body.addEventListener("change", (event) => {
    if (event.target.matches("select[name='naar']")) wisselAfsluitreden(event.target.form);
  });
  // After an htmx refresh of the list, move focus to the result count for screen readers.
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target.id === "signaal-rijen") {
      const telling = event.detail.target.querySelector("p");
      if (telling) { telling.setAttribute("tabindex", "-1"); }
    }
  });
});
