// 「コメントを公開しました」: the notice the server puts at the comment a reader has just
// confirmed (comments/published.py). Focused, so that a screen reader reads it at once and
// keyboard users continue from there. After "load": the browser's own jump to #c<id> (the
// comment) runs before it and would take the focus away again.
const notice = document.getElementById("comment-published");
if (notice) {
  window.addEventListener("load", () => notice.focus({ preventScroll: true }));
}
