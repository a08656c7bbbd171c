// "Copy link" for the share buttons. The button is hidden until this script shows it, so
// readers without JavaScript never see a button that does nothing. No third-party script.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy-url]").forEach(function (button) {
    if (!navigator.clipboard) {
      return;
    }
    var status = button.closest(".share").querySelector(".share__status");
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copyUrl).then(function () {
        status.textContent = button.dataset.copiedLabel;
        button.classList.add("is-copied");
      });
    });
  });
})();
