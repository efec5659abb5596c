// Marks a chapter section as read when the reader scrolls to its end. The server decides what
// counts; this only reports, and a failed report is harmless (the button still works).
(function () {
  var article = document.getElementById("chapter");
  if (!article || !("IntersectionObserver" in window)) { return; }
  var url = article.getAttribute("data-read-url");
  var token = article.getAttribute("data-csrf");
  var sent = {};
  var headings = Array.prototype.slice.call(article.querySelectorAll("h2[id]"));
  var pending = headings.filter(function (h) {
    var row = document.querySelector('[data-unit="' + h.id + '"]');
    return row && !row.querySelector(".badge");
  });

  function lastElementOf(heading) {
    var node = heading, last = heading;
    while ((node = node.nextElementSibling) && node.tagName !== "H2" && !node.classList.contains("reading-marks")) {
      last = node;
    }
    return last;
  }

  function report(anchor) {
    if (sent[anchor]) { return; }
    sent[anchor] = true;
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify({ section: anchor })
    }).then(function (response) {
      if (!response.ok) { sent[anchor] = false; return; }
      var row = document.querySelector('[data-unit="' + anchor + '"]');
      var form = row && row.querySelector("form");
      if (form) {
        var badge = document.createElement("span");
        badge.className = "badge text-bg-success";
        badge.textContent = "已读";
        form.replaceWith(badge);
      }
    }).catch(function () { sent[anchor] = false; });
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        report(entry.target.getAttribute("data-section-end"));
        observer.unobserve(entry.target);
      }
    });
  }, { threshold: 1.0 });

  pending.forEach(function (h) {
    var end = lastElementOf(h);
    end.setAttribute("data-section-end", h.id);
    observer.observe(end);
  });
})();
