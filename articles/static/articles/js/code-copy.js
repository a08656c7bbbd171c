// A "copy" button for each code block. Progressive: without JavaScript (or without the
// Clipboard API) there is no button, and the code can still be selected by hand.
// Loaded once per page that has code blocks, with `defer`; each figure is set up only once.
(function () {
  "use strict";

  function setUp(figure) {
    var code = figure.querySelector("code");
    var caption = figure.querySelector("figcaption");
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "block-code__copy";
    button.textContent = figure.dataset.copyLabel;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        button.textContent = figure.dataset.copiedLabel;
        status.textContent = figure.dataset.copiedLabel;
        window.setTimeout(function () {
          button.textContent = figure.dataset.copyLabel;
          status.textContent = "";
        }, 2000);
      });
    });
    caption.append(button, status);
    figure.dataset.copyReady = "";
  }

  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("figure[data-copy-code]:not([data-copy-ready])").forEach(setUp);
})();
