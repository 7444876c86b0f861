// Small behaviours without inline script (strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <form data-bevestig="Weet u het zeker?">: ask before submitting.
  document.body.addEventListener("submit", (event) => {
    const vraag = event.target.dataset.bevestig;
    if (vraag && !window.confirm(vraag)) event.preventDefault();
  });
  // <select data-autosubmit>: submit its form on change (filters).
  document.body.addEventListener("change", (event) => {
    if (event.target.matches("[data-autosubmit]")) event.target.form.requestSubmit();
  });
});
