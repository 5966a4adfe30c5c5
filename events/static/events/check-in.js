/* The door screen: typed codes and camera scans go to the scan endpoint; the answer is
   shown big. The camera uses the browser's BarcodeDetector when it reads QR codes, else
   the vendored barcode-detector ponyfill (zxing-wasm, served from our static files). */
(function () {
  "use strict";
  var root = document.querySelector("[data-check-in]");
  if (!root) return;
  var form = document.getElementById("check-in-form");
  if (!form) return; // walk-ins only: no ticket checks on this screen
  var input = form.querySelector("input[name=code]");
  var result = document.getElementById("check-in-result");
  var cameraButton = document.getElementById("check-in-camera");
  var video = document.getElementById("check-in-video");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;

  var STYLES = { CHECKED_IN: "ok", ALREADY_CHECKED_IN: "again" };

  function show(answer) {
    result.className = "event-door-result event-door-result--" + (STYLES[answer.outcome] || "bad");
    result.dataset.result = answer.outcome;
    result.querySelector("[data-outcome]").textContent = answer.message;
    result.querySelector("[data-name]").textContent = answer.name || "";
    result.querySelector("[data-party]").textContent = answer.partySize
      ? root.dataset.partyLabel.replace("N", answer.partySize)
      : "";
    result.hidden = false;
    if (navigator.vibrate) navigator.vibrate(answer.outcome === "CHECKED_IN" ? 120 : [120, 60, 120]);
  }

  function submit(code) {
    return fetch(root.dataset.scanUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf },
      body: new URLSearchParams({ code: code }),
    })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(show)
      .catch(function () {
        show({ outcome: "ERROR", message: root.dataset.networkError });
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var code = input.value.trim();
    if (!code) return;
    input.value = "";
    submit(code).then(function () { input.focus(); });
  });

  function makeDetector() {
    var native = window.BarcodeDetector;
    var fallback = function () {
      var api = window.BarcodeDetectionAPI;
      api.prepareZXingModule({
        overrides: {
          locateFile: function (path, prefix) {
            return path.endsWith(".wasm") ? root.dataset.wasmUrl : prefix + path;
          },
        },
      });
      return new api.BarcodeDetector({ formats: ["qr_code"] });
    };
    if (!native || !native.getSupportedFormats) return Promise.resolve(fallback());
    return native.getSupportedFormats().then(
      function (formats) {
        return formats.indexOf("qr_code") >= 0 ? new native({ formats: ["qr_code"] }) : fallback();
      },
      fallback
    );
  }

  var lastCode = "";
  var lastAt = 0;
  var REPEAT_MS = 4000; // the same ticket held in front of the camera is sent once

  function scanLoop(detector) {
    detector
      .detect(video)
      .then(function (codes) {
        if (!codes.length) return null;
        var code = codes[0].rawValue;
        var now = Date.now();
        if (code === lastCode && now - lastAt < REPEAT_MS) return null;
        lastCode = code;
        lastAt = now;
        return submit(code);
      })
      .catch(function () { return null; })
      .then(function () { window.setTimeout(function () { scanLoop(detector); }, 200); });
  }

  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = true;
    return;
  }
  cameraButton.addEventListener("click", function () {
    cameraButton.disabled = true;
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        return video.play();
      })
      .then(makeDetector)
      .then(scanLoop)
      .catch(function () {
        cameraButton.disabled = false;
        show({ outcome: "ERROR", message: root.dataset.cameraError });
      });
  });
})();
