// Scans a DataMatrix with the phone's camera where the browser's BarcodeDetector reads
// data_matrix (R7); elsewhere the button stays hidden and the code is typed or pasted.
// No inline script: the page's Content-Security-Policy allows only this file.
(async function () {
  "use strict";
  const button = document.getElementById("scan");
  const video = document.getElementById("camera");
  const status = document.getElementById("scan-status");
  const code = document.getElementById("code");
  const form = document.getElementById("check-form");
  if (!button || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  let formats = [];
  try {
    formats = await window.BarcodeDetector.getSupportedFormats();
  } catch (e) {
    return;
  }
  if (!formats.includes("data_matrix")) {
    return;
  }
  const detector = new window.BarcodeDetector({ formats: ["data_matrix"] });
  button.hidden = false;
  button.addEventListener("click", async function () {
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
    } catch (e) {
      return;
    }
    video.srcObject = stream;
    video.hidden = false;
    status.hidden = false;
    await video.play();
    const stop = function () {
      stream.getTracks().forEach(function (t) { t.stop(); });
      video.hidden = true;
      status.hidden = true;
    };
    const look = async function () {
      try {
        const found = await detector.detect(video);
        if (found.length > 0) {
          stop();
          code.value = found[0].rawValue;
          form.submit();
          return;
        }
      } catch (e) {
        stop();
        return;
      }
      window.requestAnimationFrame(look);
    };
    look();
  });
})();
