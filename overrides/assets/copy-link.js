/* The "copy link" control of FAQ pages (src/iplibrary/faq_page.py): reveals the button
   and copies the page's canonical URL. Without JavaScript the URL stays visible as a
   link to copy by hand. No third party, no dependencies. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {  // older browsers, plain http
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (error) { copied = false; }
      document.body.removeChild(area);
      if (copied) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function setUp() {
    document.querySelectorAll("button[data-copy-url]").forEach(function (button) {
      if (button.dataset.ready) { return; }
      button.dataset.ready = "true";
      var status = button.parentNode.querySelector(".library-share__status");
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(button.dataset.copyUrl).then(function () {
          status.textContent = button.dataset.copied;
        }, function () {
          status.textContent = button.dataset.failed;
        });
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
