// Controles on the tablet: nothing typed may be lost.
//
// - Drafts of the visit form are saved on the device (IndexedDB) on every keystroke, photos
//   included, so a reload, a crashed tab or a lost connection loses nothing.
// - Submitting puts the visit in a queue on the device first, then sends it. Without a connection
//   it stays queued ("n nog niet verzonden") and is sent when the connection returns.
// - Every visit carries a client-generated uuid; the server creates at most one visit per uuid,
//   so a retry (or a double tap) never creates a duplicate.
// - Every visit carries the time it was saved on the device (bezocht_op): a visit sent hours
//   later from the queue keeps the time it happened.
// - A session that expired while offline is not "no connection": the page says to log in again
//   (the queue stays on the device) and sends the queue once the user is back.
// - A service worker keeps today's controls and their visit forms available offline.
(() => {
  "use strict";

  const DB_NAAM = "ondermijning-controles";
  const WACHTRIJ = "wachtrij";
  const CONCEPTEN = "concepten";
  const root = document.querySelector("[data-controles-offline]");
  if (!root) return;

  // The server answered with the login page (a redirect) or refused the session: log in again.
  class NietIngelogd extends Error {}
  const isInlogAntwoord = (antwoord) =>
    antwoord.type === "opaqueredirect" || antwoord.status === 401 || antwoord.status === 403;
  let nietIngelogd = false;

  // --- IndexedDB ---------------------------------------------------------------------------
  let dbBelofte = null;
  function db() {
    if (!dbBelofte) {
      dbBelofte = new Promise((resolve, reject) => {
        const verzoek = indexedDB.open(DB_NAAM, 1);
        verzoek.onupgradeneeded = () => {
          const d = verzoek.result;
          if (!d.objectStoreNames.contains(WACHTRIJ)) d.createObjectStore(WACHTRIJ, { keyPath: "id" });
          if (!d.objectStoreNames.contains(CONCEPTEN)) d.createObjectStore(CONCEPTEN, { keyPath: "sleutel" });
        };
        verzoek.onsuccess = () => resolve(verzoek.result);
        verzoek.onerror = () => reject(verzoek.error);
      });
    }
    return dbBelofte;
  }
  async function opslag(store, modus, werk) {
    const d = await db();
    return new Promise((resolve, reject) => {
      const tx = d.transaction(store, modus);
      const resultaat = werk(tx.objectStore(store));
      tx.oncomplete = () => resolve(resultaat && "result" in resultaat ? resultaat.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  }
  const leg = (store, waarde) => opslag(store, "readwrite", (s) => s.put(waarde));
  const haal = (store, sleutel) => opslag(store, "readonly", (s) => s.get(sleutel));
  const alle = (store) => opslag(store, "readonly", (s) => s.getAll());
  const wis = (store, sleutel) => opslag(store, "readwrite", (s) => s.delete(sleutel));

  function nieuweUuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // --- status of the queue -------------------------------------------------------------------
  async function toonStatus() {
    let items = [];
    try {
      items = await alle(WACHTRIJ);
    } catch (e) {
      return;
    }
    document.querySelectorAll("[data-wachtrij-status]").forEach((blok) => {
      blok.hidden = items.length === 0;
      const tekst = blok.querySelector("[data-wachtrij-tekst]");
      if (tekst) {
        tekst.textContent =
          items.length === 1 ? "1 bezoek nog niet verzonden" : `${items.length} bezoeken nog niet verzonden`;
      }
      const fouten = blok.querySelector("[data-wachtrij-fouten]");
      if (fouten) {
        fouten.replaceChildren();
        items
          .filter((i) => i.melding)
          .forEach((i) => {
            const li = document.createElement("li");
            li.textContent = `${i.omschrijving || "Bezoek"}: ${i.melding}`;
            fouten.appendChild(li);
          });
      }
    });
    document.querySelectorAll("[data-verbinding]").forEach((el) => {
      el.hidden = navigator.onLine;
    });
    document.querySelectorAll("[data-wachtrij-inloggen]").forEach((blok) => {
      blok.hidden = !(nietIngelogd && navigator.onLine && items.length > 0);
      // Back to this page after logging in; the queue is sent from here.
      const link = blok.querySelector("a");
      if (link) link.search = `?next=${encodeURIComponent(location.pathname + location.search)}`;
    });
  }

  // A fresh token and the logged-in user; NietIngelogd when the session has expired, another
  // error when there is no connection.
  async function verseCsrf() {
    const antwoord = await fetch(root.dataset.csrfUrl, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    });
    if (isInlogAntwoord(antwoord)) throw new NietIngelogd();
    if (!antwoord.ok || !(antwoord.headers.get("Content-Type") || "").includes("json")) {
      throw new Error("geen geldig antwoord");
    }
    return antwoord.json();
  }

  function formDataVan(item, csrf) {
    const data = new FormData();
    for (const [naam, waarde, bestandsnaam] of item.velden) {
      if (naam === "csrfmiddlewaretoken") continue;
      if (waarde instanceof Blob) data.append(naam, waarde, bestandsnaam || "foto.jpg");
      else data.append(naam, waarde);
    }
    data.append("csrfmiddlewaretoken", csrf);
    return data;
  }

  // Send one queued visit. Returns {status: "verzonden"|"afgewezen"|"inloggen"|"wacht", ...}.
  async function verzend(item, csrf) {
    let antwoord;
    try {
      antwoord = await fetch(item.url, {
        method: "POST",
        body: formDataVan(item, csrf),
        credentials: "same-origin",
        redirect: "manual",
        headers: { Accept: "application/json", "X-CSRFToken": csrf },
      });
    } catch (e) {
      return { status: "wacht" };
    }
    // 403 may also be a stale CSRF token: that is retried with a fresh one (see verseCsrf).
    if (antwoord.type === "opaqueredirect" || antwoord.status === 401) return { status: "inloggen" };
    const json = (antwoord.headers.get("Content-Type") || "").includes("json");
    if ((antwoord.status === 200 || antwoord.status === 201) && json) {
      await wis(WACHTRIJ, item.id);
      return { status: "verzonden", ...(await antwoord.json()) };
    }
    if (antwoord.status === 400 && json) {
      const fouten = (await antwoord.json()).fouten || {};
      const melding = Object.values(fouten).flat().join(" ");
      return { status: "afgewezen", melding, fouten };
    }
    return { status: "wacht" };
  }

  // The "online" event often comes before the network really carries requests: a failed attempt
  // is retried a few times shortly after, not only at the next 30-second round.
  let pogingen = 0;
  function probeerStraksOpnieuw() {
    if (navigator.onLine && pogingen < 5) {
      pogingen += 1;
      setTimeout(verzendWachtrij, 1500 * pogingen);
    }
  }

  let bezig = false;
  async function verzendWachtrij() {
    if (bezig || !navigator.onLine) return;
    bezig = true;
    try {
      const items = await alle(WACHTRIJ);
      if (!items.length) return;
      let sessie;
      try {
        sessie = await verseCsrf();
        nietIngelogd = false;
      } catch (e) {
        // Logged out: say so (the queue stays). No connection: try again later.
        nietIngelogd = e instanceof NietIngelogd;
        if (!nietIngelogd) probeerStraksOpnieuw();
        return;
      }
      pogingen = 0;
      for (const item of items) {
        if (item.gebruiker && sessie.gebruiker && String(item.gebruiker) !== String(sessie.gebruiker)) {
          // Never send a visit in someone else's name: it waits for its own user.
          item.melding = "vastgelegd door een andere gebruiker; wordt verzonden zodra die inlogt";
          await leg(WACHTRIJ, item);
          continue;
        }
        const uitkomst = await verzend(item, sessie.csrf);
        if (uitkomst.status === "inloggen") {
          nietIngelogd = true;
          break;
        }
        if (uitkomst.status === "afgewezen") {
          item.melding = uitkomst.melding || "door de server geweigerd";
          await leg(WACHTRIJ, item);
        }
      }
    } finally {
      bezig = false;
      toonStatus();
    }
  }

  // --- the visit form ------------------------------------------------------------------------
  const form = document.querySelector("[data-bezoek-form]");
  const melding = document.querySelector("[data-concept-melding]");

  function toonMelding(tekst, { offline = false } = {}) {
    if (!melding) return;
    melding.textContent = tekst;
    melding.hidden = !tekst;
    if (offline) melding.dataset.offline = "1";
    else delete melding.dataset.offline;
  }

  function verzamelVelden() {
    const velden = {};
    for (const el of form.elements) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken") continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      velden[el.name] = el.value;
    }
    return velden;
  }

  function vulVelden(velden) {
    for (const el of form.elements) {
      if (!el.name || el.type === "file" || el.name === "csrfmiddlewaretoken" || !(el.name in velden)) continue;
      if (el.type === "radio" || el.type === "checkbox") el.checked = el.value === velden[el.name];
      else el.value = velden[el.name];
    }
  }

  function fotoInvoer() {
    return form.querySelector("input[type=file]");
  }

  function zetFotos(bestanden) {
    const invoer = fotoInvoer();
    const info = form.querySelector("[data-fotos-concept]");
    if (!invoer || !bestanden || !bestanden.length) return;
    try {
      const dt = new DataTransfer();
      bestanden.forEach((b) => dt.items.add(b instanceof File ? b : new File([b], b.name || "foto.jpg", { type: b.type })));
      invoer.files = dt.files;
      if (info) {
        info.textContent = `${bestanden.length} foto('s) uit uw concept teruggezet.`;
        info.hidden = false;
      }
    } catch (e) {
      // Older browsers cannot refill a file input; the photos stay in the draft store.
    }
  }

  async function bewaarConcept() {
    const sleutel = form.dataset.conceptSleutel;
    const invoer = fotoInvoer();
    const fotos = invoer ? [...invoer.files] : [];
    await leg(CONCEPTEN, { sleutel, velden: verzamelVelden(), fotos, bewaard: Date.now() });
  }

  let timer = null;
  function bewaarStraks() {
    clearTimeout(timer);
    timer = setTimeout(() => bewaarConcept().catch(() => {}), 250);
  }

  async function startForm() {
    const sleutel = form.dataset.conceptSleutel;
    const uuidVeld = form.querySelector("[name=client_uuid]");
    const foutenOpPagina = document.querySelector(".invalid-feedback, .alert-danger[role=alert]:not([hidden])");
    let concept = null;
    try {
      concept = await haal(CONCEPTEN, sleutel);
    } catch (e) {
      concept = null;
    }
    if (concept && !foutenOpPagina) {
      // Restore what was typed before the reload/crash, including its uuid.
      vulVelden(concept.velden);
      zetFotos(concept.fotos);
      toonMelding("Uw niet-verzonden invoer is teruggezet.");
    } else if (!foutenOpPagina && uuidVeld) {
      // A fresh visit: a fresh uuid from the device (the page may come from the offline cache).
      uuidVeld.value = nieuweUuid();
    }
    form.addEventListener("input", bewaarStraks);
    form.addEventListener("change", bewaarStraks);
    form.addEventListener("submit", opVerzenden);
    bewaarConcept().catch(() => {});
  }

  function omschrijving() {
    const gekozen = form.querySelector("[name=object]:checked");
    const label = gekozen && form.querySelector(`label[for="${gekozen.id}"]`);
    return label ? label.textContent.trim() : "Bezoek";
  }

  async function opVerzenden(event) {
    if (form.dataset.native === "1") return; // second, native submit to show the server's errors
    event.preventDefault();
    const knop = form.querySelector("[type=submit]");
    if (knop) knop.disabled = true;
    // The visit's time is now, on this device: it keeps that time however late it is sent.
    const bezochtOp = new Date().toISOString();
    const tijdVeld = form.querySelector("[name=bezocht_op]");
    if (tijdVeld) tijdVeld.value = bezochtOp;
    const velden = [["bezocht_op", bezochtOp]];
    for (const [naam, waarde] of new FormData(form).entries()) {
      if (naam === "bezocht_op") continue;
      if (waarde instanceof File) {
        if (waarde.size) velden.push([naam, waarde, waarde.name]);
      } else {
        velden.push([naam, waarde]);
      }
    }
    const uuid = form.querySelector("[name=client_uuid]").value;
    const item = {
      id: uuid,
      url: form.action || location.href,
      velden,
      omschrijving: omschrijving(),
      aangemaakt: Date.now(),
      gebruiker: root.dataset.gebruiker || "",
    };
    // Queue first: from here on a crash or lost connection cannot lose the visit.
    await leg(WACHTRIJ, item);
    await wis(CONCEPTEN, form.dataset.conceptSleutel);
    let uitkomst = { status: "wacht" };
    if (navigator.onLine) {
      const csrfVeld = form.querySelector("[name=csrfmiddlewaretoken]");
      uitkomst = await verzend(item, csrfVeld ? csrfVeld.value : "");
      if (uitkomst.status === "wacht") {
        // Perhaps a stale token (logged in again): one retry with a fresh one.
        try {
          uitkomst = await verzend(item, (await verseCsrf()).csrf);
        } catch (e) {
          uitkomst = { status: e instanceof NietIngelogd ? "inloggen" : "wacht" };
        }
      }
    }
    nietIngelogd = uitkomst.status === "inloggen";
    if (uitkomst.status === "verzonden") {
      location.assign(uitkomst.url);
      return;
    }
    if (uitkomst.status === "afgewezen") {
      // Nothing was stored: take it out of the queue, keep the draft, let the server show its
      // errors beside the fields (a normal submit keeps every typed value).
      await wis(WACHTRIJ, item.id);
      await bewaarConcept();
      form.dataset.native = "1";
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    // Offline, server unreachable or logged out: the visit waits safely in the queue.
    form.reset();
    form.querySelector("[name=client_uuid]").value = nieuweUuid();
    const info = form.querySelector("[data-fotos-concept]");
    if (info) info.hidden = true;
    if (knop) knop.disabled = false;
    toonMelding(
      nietIngelogd
        ? "U bent niet meer ingelogd: het bezoek is op dit apparaat bewaard en wordt verzonden zodra u opnieuw bent ingelogd."
        : "Geen verbinding: het bezoek is op dit apparaat bewaard en wordt verzonden zodra er verbinding is.",
      { offline: !nietIngelogd }
    );
    window.scrollTo(0, 0);
    toonStatus();
  }

  // --- service worker: keep today's pages available offline ---------------------------------
  async function registreerServiceWorker() {
    const url = root.dataset.swUrl;
    if (!url || !("serviceWorker" in navigator)) return;
    try {
      await navigator.serviceWorker.register(url, { scope: "/controles/" });
      const klaar = await navigator.serviceWorker.ready;
      const urls = [location.pathname + location.search];
      document.querySelectorAll("[data-offline-cache]").forEach((a) => urls.push(a.getAttribute("href")));
      document.querySelectorAll("script[src], link[rel=stylesheet]").forEach((el) => {
        urls.push(el.getAttribute("src") || el.getAttribute("href"));
      });
      if (root.dataset.vandaagUrl) urls.push(root.dataset.vandaagUrl);
      if (klaar.active) klaar.active.postMessage({ type: "bewaar", urls });
    } catch (e) {
      // Without a service worker the page still works online; drafts and the queue still work.
    }
  }

  // Logging out (from any page) clears the cached pages but never the unsent queue: uitloggen.js.

  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-wachtrij-verzend]")) verzendWachtrij();
  });
  window.addEventListener("online", () => {
    pogingen = 0;
    // "No connection" no longer holds; the queue block says what is still pending.
    if (melding && melding.dataset.offline) toonMelding("");
    toonStatus();
    verzendWachtrij();
  });
  window.addEventListener("offline", toonStatus);
  setInterval(verzendWachtrij, 30000);

  (async () => {
    if (form) await startForm();
    await toonStatus();
    verzendWachtrij();
    if (!("alleenStatus" in root.dataset)) registreerServiceWorker();
  })();
})();
