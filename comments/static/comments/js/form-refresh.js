// The comment form of a cached article page carries the timestamp and security hash of the
// moment the copy was made (the server refuses a form older than COMMENTS_TIMEOUT, 2 h) and no
// CSRF token (a cached one would be another reader's). Just before posting, take fresh ones and
// this reader's own token from the server (never cached), so that the post goes through in one
// go. Without JavaScript, or if this fails, the server shows the form again with the text kept,
// a new timestamp and a token (comments/csrf.py explains the design).
document.querySelectorAll("form.comment-form[data-refresh-url]").forEach((form) => {
  let refreshed = false;
  form.addEventListener("submit", async (event) => {
    if (refreshed || !form.elements.timestamp || !form.elements.security_hash) {
      return;
    }
    event.preventDefault();
    refreshed = true;
    try {
      const response = await fetch(form.dataset.refreshUrl, {
        cache: "no-store",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      if (response.ok) {
        const data = await response.json();
        form.elements.timestamp.value = data.timestamp;
        form.elements.security_hash.value = data.security_hash;
        if (data.csrf_token) {
          let token = form.elements.csrfmiddlewaretoken;
          if (!token) {
            token = document.createElement("input");
            token.type = "hidden";
            token.name = "csrfmiddlewaretoken";
            form.append(token);
          }
          token.value = data.csrf_token;
        }
      }
    } catch (error) {
      // Offline or refused: post as it is (see above).
    }
    if (form.requestSubmit) {
      form.requestSubmit(event.submitter);
    } else {
      form.submit();
    }
  });
});
