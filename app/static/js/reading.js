// Honest reading progress. A section is reported as read only after it has filled a good part of
// the screen for long enough to read it (the server says how long, from its length, and checks
// the reported time again); jumping through the table of contents marks nothing. Each section
// also gets a 标记已读 button at its end. Without this script the buttons at the chapter's end work.
(function () {
  var article = document.getElementById("chapter");
  if (!article || !window.fetch) { return; }
  var url = article.getAttribute("data-read-url");
  var token = article.getAttribute("data-csrf");
  var TICK = 1000;

  function row(anchor) { return document.querySelector('[data-unit="' + anchor + '"]'); }

  function lastElementOf(heading) {
    var node = heading, last = heading;
    while ((node = node.nextElementSibling) && node.tagName !== "H2" && !node.classList.contains("reading-marks")) {
      last = node;
    }
    return last;
  }

  var sections = Array.prototype.slice.call(article.querySelectorAll("h2[id]")).filter(function (h) {
    var r = row(h.id);
    return r && !r.querySelector(".badge");
  }).map(function (h) {
    return { anchor: h.id, heading: h, end: lastElementOf(h), seen: 0,
             needed: parseInt(row(h.id).getAttribute("data-seconds"), 10) || 5, done: false };
  });

  function showRead(anchor) {
    var form = row(anchor) && row(anchor).querySelector("form");
    if (form) {
      var badge = document.createElement("span");
      badge.className = "badge text-bg-success";
      badge.textContent = "已读";
      form.replaceWith(badge);
    }
    var inline = article.querySelector('[data-end-of="' + anchor + '"]');
    if (inline) { inline.textContent = "✓ 本节已读"; inline.className = "small text-success section-end"; }
  }

  function report(section) {
    section.done = true;
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ section: section.anchor, seconds: section.seen })
    }).then(function (response) {
      if (response.ok) { showRead(section.anchor); } else { section.done = false; }
    }).catch(function () { section.done = false; });
  }

  // Read: the section fills at least half the screen, or most of itself is on screen (a short one).
  function onScreen(section) {
    var top = section.heading.getBoundingClientRect().top;
    var bottom = section.end.getBoundingClientRect().bottom;
    var height = window.innerHeight || document.documentElement.clientHeight;
    var visible = Math.min(bottom, height) - Math.max(top, 0);
    return visible > 0 && (visible >= height * 0.5 || visible >= (bottom - top) * 0.8);
  }

  // A 标记已读 button at the end of each unread section: the same form as the list at the chapter's end.
  sections.forEach(function (section) {
    var form = row(section.anchor).querySelector("form");
    if (!form) { return; }
    var copy = form.cloneNode(true);
    copy.className = "section-end my-2";
    copy.setAttribute("data-end-of", section.anchor);
    section.end.insertAdjacentElement("afterend", copy);
    section.end = copy;
  });

  window.setInterval(function () {
    if (document.visibilityState === "hidden") { return; }
    sections.forEach(function (section) {
      if (section.done || !onScreen(section)) { return; }
      section.seen += TICK / 1000;
      if (section.seen >= section.needed) { report(section); }
    });
  }, TICK);
})();
