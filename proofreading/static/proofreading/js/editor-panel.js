// 文章校正 beside the article body: the body's text (sent by editorial's body-count.js) is
// checked on the server a moment after the author stops typing, and the findings are listed
// under the character count. Advice only: nothing here stops saving or publishing.
(function () {
  "use strict";

  const script = document.currentScript;
  let timer = null;
  let panel = null;
  let lastText = null;

  function render(findings) {
    const list = panel.querySelector("ul");
    list.replaceChildren();
    panel.querySelector("p").textContent = findings.length
      ? script.dataset.countFormat.replace("%(count)s", findings.length)
      : script.dataset.none;
    findings.forEach((finding) => {
      const item = document.createElement("li");
      const excerpt = document.createElement("q");
      excerpt.textContent = finding.excerpt;
      item.append(excerpt, " ", finding.message);
      item.dataset.rule = finding.rule;
      list.append(item);
    });
  }

  async function check(text) {
    const body = new URLSearchParams({ text });
    const response = await fetch(script.dataset.url, {
      method: "POST",
      body,
      headers: { [window.wagtailConfig.CSRF_HEADER_NAME]: window.wagtailConfig.CSRF_TOKEN },
      credentials: "same-origin",
    });
    const data = await response.json();
    if (response.ok) render(data.findings);
    else panel.querySelector("p").textContent = data.error;
  }

  function ensurePanel(status) {
    if (panel) return;
    panel = document.createElement("section");
    panel.className = "help-block editorial-proofreading";
    panel.setAttribute("aria-live", "polite");
    const heading = document.createElement("h3");
    heading.textContent = script.dataset.heading;
    panel.append(heading, document.createElement("p"), document.createElement("ul"));
    status.after(panel);
  }

  document.addEventListener("editorial:body-text", (event) => {
    ensurePanel(event.detail.status);
    if (event.detail.text === lastText) return;
    lastText = event.detail.text;
    clearTimeout(timer);
    timer = setTimeout(() => check(lastText).catch(() => {}), 800);
  });
})();
