// Small behaviours without inline script (strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  // <form data-bevestig="Weet u het zeker?">: ask before submitting.
  document.body.addEventListener("submit", (event) => {
    const vraag = event.target.dataset.bevestig;
    if (vraag && !window.confirm(vraag)) event.preventDefault();
  });
  // No form submits itself on change (WCAG 3.2.2): every form has a visible submit button.

  // A table box that really scrolls sideways becomes a named, focusable region, so keyboard users
  // can scroll it too (WCAG 2.1.1); a box that fits stays out of the tab order.
  const naamVan = (box) => {
    const bijschrift = box.querySelector("caption");
    const kop = box.closest("section") && box.closest("section").querySelector("h2, h3");
    return (bijschrift || kop || { textContent: "" }).textContent.trim();
  };
  const scrollVakken = new ResizeObserver((regels) => {
    regels.forEach(({ target }) => {
      const box = target.closest(".table-responsive");
      if (box.scrollWidth > box.clientWidth + 1) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", naamVan(box) || document.title);
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  });
  const volg = (wortel) => wortel.querySelectorAll(".table-responsive").forEach((box) => {
    scrollVakken.observe(box);
    if (box.firstElementChild) scrollVakken.observe(box.firstElementChild);
  });
  volg(document);
  // htmx swaps new rows or tables in: observing again is harmless for boxes already observed.
  document.body.addEventListener("htmx:afterSettle", () => volg(document));
});
