// NCALayer's WebSocket protocol (issue 8; R16): the person's EDS signs in NCALayer, on their
// own computer, never in the page. One request per connection: NCALayer greets with
// {"result":{"version":...}}, then answers the request with {"code":"200","responseObject":...}
// or an error code and message ("action.canceled" when the person closed the key dialogue).
// The address comes from the page (`[web] ncalayer_url`), so a test stand can use a double.
(function () {
  "use strict";

  // Base64 of a text's UTF-8 bytes.
  function utf8Base64(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary);
  }

  // A CMS SignedData (base64) over the bytes `base64` holds, detached, made by NCALayer's
  // kz.gov.pki.knca.commonUtils.createCMSSignatureFromBase64 with a key of type `keyType`
  // ("AUTHENTICATION" to sign in, "SIGNATURE" for documents). Rejects with
  // {kind: "cancelled"} or {kind: "unavailable", message}.
  function signBase64(url, base64, keyType) {
    return new Promise(function (resolve, reject) {
      let socket;
      try {
        socket = new WebSocket(url);
      } catch (e) {
        reject({ kind: "unavailable", message: String(e) });
        return;
      }
      let done = false;
      const finish = function (settle, value) {
        if (done) { return; }
        done = true;
        try { socket.close(); } catch (e) { /* already closed */ }
        settle(value);
      };
      socket.onopen = function () {
        socket.send(JSON.stringify({
          module: "kz.gov.pki.knca.commonUtils",
          method: "createCMSSignatureFromBase64",
          args: ["PKCS12", keyType, base64, false],
        }));
      };
      socket.onmessage = function (event) {
        let answer;
        try {
          answer = JSON.parse(event.data);
        } catch (e) {
          finish(reject, { kind: "unavailable", message: "not JSON" });
          return;
        }
        if (answer.result && answer.result.version) {
          return; // the greeting
        }
        if (answer.code === "200" && typeof answer.responseObject === "string") {
          finish(resolve, answer.responseObject);
        } else if (answer.message === "action.canceled") {
          finish(reject, { kind: "cancelled" });
        } else {
          finish(reject, { kind: "unavailable", message: answer.message || answer.code });
        }
      };
      socket.onerror = function () { finish(reject, { kind: "unavailable" }); };
      socket.onclose = function () { finish(reject, { kind: "unavailable" }); };
    });
  }

  // Shows one of the status element's data-* texts (all from the Fluent catalogue).
  function say(key, extra) {
    const status = document.getElementById("ncalayer-status");
    if (!status) { return; }
    status.hidden = false;
    status.textContent = (status.dataset[key] || "") + (extra ? " " + extra : "");
  }

  window.tanbaNcaLayer = { signBase64: signBase64, utf8Base64: utf8Base64, say: say };
})();
