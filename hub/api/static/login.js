// Sign-in with an EDS (issue 8): NCALayer signs the hub's one-time challenge and the form
// posts the signature; the hub checks it and opens the session.
(function () {
  "use strict";
  const form = document.getElementById("login-form");
  const button = document.getElementById("login-sign");
  const nca = window.tanbaNcaLayer;
  if (!form || !button || !nca) { return; }
  button.addEventListener("click", function () {
    button.disabled = true;
    nca.say("connecting");
    const challenge = nca.utf8Base64(form.dataset.challenge);
    nca.signBase64(form.dataset.ncalayer, challenge, "AUTHENTICATION").then(function (cms) {
      document.getElementById("signature").value = cms;
      form.submit();
    }, function (failure) {
      nca.say(failure.kind === "cancelled" ? "cancelled" : "unavailable");
      button.disabled = false;
    });
  });
})();
