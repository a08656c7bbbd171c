// 文字数 and reading time of the article body, live in the page editor.
//
// The rule is the public site's (articles/outline.py): the body's text as the search index
// sees it (every text field, rich text without markup, the chosen label of a select), counted
// without white space; reading time at 500 Japanese characters and 200 Latin words a minute.
// tests/test_body_count.py checks in Chromium that both numbers equal the server's.
(function () {
  "use strict";

  const script = document.currentScript;
  const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]/g;
  const LATIN_WORD = /[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*/g;

  function fieldText(element) {
    if (element.isContentEditable) return element.innerText;
    if (element.tagName === "SELECT") {
      const option = element.options[element.selectedIndex];
      return option && option.value ? option.text : "";
    }
    // A Markdown editor (CodeMirror) keeps its text to itself until the form is sent.
    const mirror = element.parentElement && element.parentElement.querySelector(".CodeMirror");
    if (mirror && mirror.CodeMirror) return mirror.CodeMirror.getValue();
    return element.value;
  }

  function bodyText(panel) {
    const fields = panel.querySelectorAll(
      'input[type="text"], textarea, select, [contenteditable="true"]',
    );
    // Form fields have a name; the block picker's search box and editors' inner inputs don't.
    return Array.from(fields)
      .filter((field) => field.name || field.isContentEditable)
      .filter((field) => !field.closest("template"))
      .map(fieldText)
      .join("\n");
  }

  function characterCount(text) {
    return text.replace(/\s/g, "").length;
  }

  function readingMinutes(text) {
    const cjk = (text.match(CJK) || []).length;
    const words = (text.replace(CJK, " ").match(LATIN_WORD) || []).length;
    return Math.max(1, Math.ceil(cjk / 500 + words / 200));
  }

  function start() {
    // The StreamField draws its blocks after the page loads: observe its container.
    const panel = document.querySelector(`[data-contentpath="${script.dataset.field}"]`);
    if (!panel) return;
    const status = document.createElement("p");
    status.className = "help-block editorial-body-count";
    status.setAttribute("role", "status");
    panel.before(status); // outside the observed fields, so that writing it changes nothing
    const format = script.dataset.format;
    const number = new Intl.NumberFormat(document.documentElement.lang || "ja");
    let timer = null;

    function update() {
      const text = bodyText(panel);
      status.dataset.characters = characterCount(text);
      status.dataset.minutes = readingMinutes(text);
      status.textContent = format
        .replace("%(characters)s", number.format(status.dataset.characters))
        .replace("%(minutes)s", number.format(status.dataset.minutes));
      // Other editor aids (proofreading/) read the same text.
      status.dispatchEvent(
        new CustomEvent("editorial:body-text", { bubbles: true, detail: { text, status } }),
      );
    }

    function later() {
      clearTimeout(timer);
      timer = setTimeout(update, 200);
    }

    ["input", "change", "keyup"].forEach((name) => panel.addEventListener(name, later));
    new MutationObserver(later).observe(panel, { childList: true, subtree: true });
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
