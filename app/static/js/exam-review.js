// The review's filters, pages and answer sheet without a page load: the linked page is fetched and its
// review part (#review) replaces this one; the address follows, so back and reload work. Without this
// script (or if the fetch fails) the same links simply load the page. Nothing here knows a key.
(function () {
  "use strict";
  if (!document.getElementById("review") || !window.fetch || !window.DOMParser || !window.history.pushState) { return; }

  function land(hash) {
    var target = (hash && document.getElementById(hash.slice(1))) || document.getElementById("review");
    target.scrollIntoView({ block: "start" });
    var heading = target.querySelector("h2, h3") || target;
    if (heading.focus) { heading.focus({ preventScroll: true }); }
  }

  function load(url, push) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } }).then(function (response) {
      if (!response.ok || response.redirected) { throw new Error("status " + response.status); }
      return response.text();
    }).then(function (html) {
      var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("review");
      if (!fresh) { throw new Error("no review in the page"); }
      document.getElementById("review").replaceWith(fresh);
      if (push) { history.pushState({ review: true }, "", url); }
      land(new URL(url, location.href).hash);
    }).catch(function () { location.href = url; });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-review-link]") : null;
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
    var url = new URL(link.href, location.href);
    event.preventDefault();
    if (url.pathname === location.pathname && url.search === location.search) {   // on this page: just go there
      history.pushState({ review: true }, "", url.href);
      land(url.hash);
      return;
    }
    load(url.href, true);
  });
  window.addEventListener("popstate", function () { load(location.href, false); });
})();
