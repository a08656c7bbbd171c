// Options for the Markdown editor (EasyMDE, shipped by wagtail-markdown).
// - No request leaves the admin: Font Awesome and the spell-check dictionaries come from CDNs
//   by default, so the toolbar uses text labels and the browser's own spell checking.
// - The live preview is sanitised before it is shown: EasyMDE inserts marked's HTML as is.
// - While the preview shows, EasyMDE disables every toolbar button not marked `noDisable`:
//   the preview button must stay enabled, or the author cannot get back to editing.
(function () {
  "use strict";

  var ALLOWED_TAGS = new Set([
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1",
    "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "ol", "p", "pre", "s", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
  ]);
  var ALLOWED_ATTRIBUTES = new Set(["href", "src", "alt", "title", "class", "colspan", "rowspan"]);
  var SAFE_URL = /^(https?:|mailto:|#|\/(?!\/)|[^:]*$)/i;

  function sanitise(html) {
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    Array.from(doc.body.querySelectorAll("*")).forEach(function (element) {
      if (!element.isConnected) {
        return;
      }
      if (!ALLOWED_TAGS.has(element.localName)) {
        element.replaceWith(doc.createTextNode(element.textContent));
        return;
      }
      Array.from(element.attributes).forEach(function (attribute) {
        var name = attribute.name.toLowerCase();
        var unsafeUrl = (name === "href" || name === "src") && !SAFE_URL.test(attribute.value.trim());
        if (!ALLOWED_ATTRIBUTES.has(name) || unsafeUrl) {
          element.removeAttribute(attribute.name);
        }
      });
    });
    return doc.body.innerHTML;
  }

  function button(name, action, text, title, noDisable) {
    return {
      name: name,
      action: action,
      text: text,
      title: title,
      className: "md-text-button",
      noDisable: Boolean(noDisable),
    };
  }

  function options() {
    var E = window.EasyMDE;
    return {
      spellChecker: false,
      nativeSpellcheck: true,
      autoDownloadFontAwesome: false,
      status: false,
      previewRender: function (plainText) {
        return sanitise(this.parent.markdown(plainText));
      },
      toolbar: [
        button("bold", E.toggleBold, "B", "太字"),
        button("italic", E.toggleItalic, "I", "斜体"),
        button("code", E.toggleCodeBlock, "</>", "コード"),
        button("table", E.drawTable, "表", "表を挿入"),
        button("link", E.drawLink, "リンク", "リンクを挿入"),
        "|",
        button("preview", E.togglePreview, "プレビュー", "プレビューと編集を切り替え", true),
        button("guide", "https://www.markdownguide.org/basic-syntax/", "?", "Markdown の書き方", true),
      ],
    };
  }

  window.wagtailMarkdown = window.wagtailMarkdown || {};
  window.wagtailMarkdown.options = Object.assign(window.wagtailMarkdown.options || {}, options());
  window.wagtailMarkdown.sanitise = sanitise;
})();
