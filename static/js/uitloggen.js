// Logging out, from any page (the form in the header of base.html, data-uitloggen):
//
// - Visits recorded on the tablet but not yet sent (the queue in IndexedDB, see controles.js)
//   are never thrown away silently: with anything queued the user is asked first. The queue
//   stays on the device and is sent when a control page is opened after the next login.
// - The offline copies of pages the service worker keeps (Cache Storage, personal data) are
//   deleted before the form is sent. The server's Clear-Site-Data: "cache" covers the HTTP
//   cache; "storage" is not sent because it would wipe the queue as well.
(() => {
  "use strict";

  const DB_NAAM = "ondermijning-controles";
  const WACHTRIJ = "wachtrij";
  const OFFLINE_CACHE = "controles-offline-";

  // How many visits wait in the queue; 0 when this device never had one (and it is not created).
  function aantalInWachtrij() {
    return new Promise((resolve) => {
      if (!window.indexedDB) return resolve(0);
      let verzoek;
      try {
        verzoek = indexedDB.open(DB_NAAM);
      } catch (e) {
        return resolve(0);
      }
      verzoek.onupgradeneeded = () => verzoek.transaction.abort();
      verzoek.onerror = () => resolve(0);
      verzoek.onblocked = () => resolve(0);
      verzoek.onsuccess = () => {
        const db = verzoek.result;
        if (!db.objectStoreNames.contains(WACHTRIJ)) {
          db.close();
          return resolve(0);
        }
        const telling = db.transaction(WACHTRIJ, "readonly").objectStore(WACHTRIJ).count();
        telling.onsuccess = () => {
          db.close();
          resolve(telling.result);
        };
        telling.onerror = () => {
          db.close();
          resolve(0);
        };
      };
    });
  }

  async function wisOfflineKopieen() {
    if (!window.caches) return;
    const namen = await caches.keys();
    await Promise.all(namen.filter((n) => n.startsWith(OFFLINE_CACHE)).map((n) => caches.delete(n)));
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches("[data-uitloggen]")) return;
    event.preventDefault();
    const aantal = await aantalInWachtrij();
    if (aantal > 0) {
      const vraag =
        aantal === 1 ? form.dataset.wachtrijEen : form.dataset.wachtrijMeer.replace("%(aantal)s", String(aantal));
      if (!window.confirm(vraag)) return;
    }
    try {
      await wisOfflineKopieen();
    } catch (e) {
      // Logging out must never be blocked by the browser's storage.
    }
    form.submit();
  });
})();
