// Signs a document in NCALayer (CMS detached over the exact bytes shown) and submits those
// bytes to POST /api/v1/documents with the signature (Tanba-Signature), the session's CSRF
// token (X-CSRF-Token), the page's Idempotency-Key and the page's language for any problem
// (issue 8; R16).
(function () {
  "use strict";
  const holder = document.getElementById("sign-form");
  const button = document.getElementById("sign-submit");
  const nca = window.tanbaNcaLayer;
  if (!holder || !button || !nca) { return; }
  // One key per signing page (made by the hub): a retry or a second click returns the first
  // document instead of submitting it twice.
  const key = holder.dataset.key;
  const bytes = Uint8Array.from(atob(holder.dataset.body), function (c) { return c.charCodeAt(0); });

  async function submit(cms) {
    nca.say("sending");
    const headers = {
      "Content-Type": "application/json",
      "Tanba-Signature": cms,
      "X-CSRF-Token": holder.dataset.csrf,
      "Accept-Language": holder.dataset.lang,
    };
    if (key) { headers["Idempotency-Key"] = key; }
    const response = await fetch("/api/v1/documents", {
      method: "POST",
      headers: headers,
      body: bytes,
      credentials: "same-origin",
    });
    const answer = await response.json().catch(function () { return {}; });
    if (response.ok && answer.id) {
      window.location.assign("/cabinet/documents/" + encodeURIComponent(answer.id));
      return;
    }
    nca.say("failed", answer.detail || String(response.status));
    button.disabled = false;
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    nca.say("connecting");
    nca.signBase64(holder.dataset.ncalayer, holder.dataset.body, "SIGNATURE").then(submit, function (failure) {
      nca.say(failure.kind === "cancelled" ? "cancelled" : "unavailable");
      button.disabled = false;
    });
  });
})();
