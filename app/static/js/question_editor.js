// Live preview for the question editor: the server renders the question as a trainee will see
// it (sanitized), so the preview can never show something the real page would not.
(function () {
  var form = document.getElementById("question-form");
  var preview = document.getElementById("preview");
  if (!form || !preview) { return; }
  var url = form.getAttribute("data-preview-url");
  var timer = null;
  var latest = 0;

  function showFieldsFor(type) {
    var rules = { options: ["single", "multiple"], scoring: ["multiple"], points: ["case"] };
    Object.keys(rules).forEach(function (name) {
      var input = form.elements[name];
      var box = input && input.closest(".mb-3");
      if (box) { box.hidden = rules[name].indexOf(type) < 0; }
    });
  }

  function refresh() {
    var ticket = ++latest;
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin",
                 headers: { "X-CSRFToken": form.elements.csrf_token.value } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && ticket === latest) { preview.innerHTML = html; } })
      .catch(function () { /* offline: keep the last preview */ });
  }

  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  form.elements.type.addEventListener("change", function () { showFieldsFor(this.value); });
  showFieldsFor(form.elements.type.value);
  if (form.elements.stem.value) { refresh(); }
})();
