// The regulator's and operator's actions (issue 8): a form with data-api-method is sent to the
// API operation its action names, as JSON made of its fields (a file field is read as text, or
// as base64 with data-read="base64"), with the session cookie, the session's CSRF token
// (X-CSRF-Token, from the page's logout form) and the page's language. A field with data-list
// is sent as the array of its non-empty lines. On success the page is reloaded, or, with
// data-next, the browser goes there with the value of the field data-next-field appended; a
// refusal shows the problem's detail, which the API wrote in that language.
(function () {
  "use strict";
  const token = document.querySelector('form.logout input[name="csrf"]');
  const csrf = token ? token.value : "";
  const lang = document.documentElement.lang;

  function base64(buffer) {
    const bytes = new Uint8Array(buffer);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary);
  }

  async function fields(form) {
    const body = {};
    for (const el of Array.from(form.elements)) {
      if (!el.name || el.disabled || el.tagName === "BUTTON") { continue; }
      if (el.type === "file") {
        const file = el.files && el.files[0];
        if (file) {
          body[el.name] = el.dataset.read === "base64" ? base64(await file.arrayBuffer()) : await file.text();
        }
      } else if ("list" in el.dataset) {
        body[el.name] = el.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      } else {
        body[el.name] = el.value;
      }
    }
    return body;
  }

  document.querySelectorAll("form[data-api-method]").forEach(function (form) {
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const body = await fields(form);
      const headers = { "X-CSRF-Token": csrf, "Accept-Language": lang };
      const init = { method: form.dataset.apiMethod, headers: headers, credentials: "same-origin" };
      if (Object.keys(body).length > 0) {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body);
      }
      const response = await fetch(form.getAttribute("action"), init);
      if (response.ok) {
        if (form.dataset.next) {
          window.location.assign(form.dataset.next + encodeURIComponent(body[form.dataset.nextField] || ""));
        } else {
          window.location.reload();
        }
        return;
      }
      const problem = await response.json().catch(function () { return {}; });
      const out = form.querySelector(".api-result");
      if (out) {
        out.hidden = false;
        out.textContent = problem.detail || String(response.status);
      }
    });
  });
})();
