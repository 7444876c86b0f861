// Actieplan: show only the timing field that fits the chosen kind; copy the calendar link.
(function () {
  "use strict";

  function toonTimingVelden() {
    var keuze = document.getElementById("id_timing_soort");
    if (!keuze) return;
    var velden = document.querySelectorAll(".timing-veld");
    function bijwerken() {
      velden.forEach(function (veld) {
        var hoort = veld.dataset.timing === keuze.value;
        // Keep a field with an error visible so the message is never hidden.
        var heeftFout = veld.querySelector(".is-invalid") !== null;
        veld.classList.toggle("verborgen", !hoort && !heeftFout);
      });
    }
    keuze.addEventListener("change", bijwerken);
    bijwerken();
  }

  function kopieerKnoppen() {
    document.querySelectorAll("[data-kopieer]").forEach(function (knop) {
      knop.addEventListener("click", function () {
        var veld = document.querySelector(knop.dataset.kopieer);
        if (!veld) return;
        veld.select();
        if (navigator.clipboard) {
          navigator.clipboard.writeText(veld.value);
        }
        knop.textContent = "Gekopieerd";
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    toonTimingVelden();
    kopieerKnoppen();
  });
})();
