// Keyboard shortcuts for practice on a desktop: 1-8 or A-H choose an option, Enter submits,
// the right arrow goes to the next question. Nothing here knows the answer key.
(function () {
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" || target.tagName === "SELECT" || (target.tagName === "INPUT" && target.type === "text"));
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toUpperCase();
    var form = document.getElementById("answer-form");
    var index = "12345678".indexOf(key) >= 0 ? "12345678".indexOf(key) : "ABCDEFGH".indexOf(key);
    if (form && index >= 0 && key.length === 1) {
      var inputs = form.querySelectorAll("input[type=radio], input[type=checkbox]");
      if (inputs[index]) {
        inputs[index].checked = inputs[index].type === "radio" ? true : !inputs[index].checked;
        event.preventDefault();
      }
    } else if (form && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : form.submit();
    } else if (event.key === "ArrowRight") {
      var next = document.getElementById("next-question");
      if (next) { window.location.href = next.href; }
    } else if (event.key === "ArrowLeft") {
      var prev = document.getElementById("prev-question");
      if (prev) { window.location.href = prev.href; }
    }
  });
})();

// 收藏, 笔记 and 纠错 in place: the form is sent in the background and the question stays as it is.
// Without this script the same forms post and come back to the same page.
(function () {
  function send(form) {
    var status = form.querySelector(".inplace-status");
    var button = form.querySelector("button[type=submit]");
    var token = form.querySelector("input[name=csrf_token]");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST", credentials: "same-origin", body: new FormData(form),
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    }).then(function (result) {
      if (result.ok && form.getAttribute("data-inplace") === "favourite" && button) {
        var on = result.body.favourite;
        button.textContent = on ? "★ 已收藏" : "☆ 收藏";
        button.className = "btn btn-sm " + (on ? "btn-warning" : "btn-outline-warning");
        button.setAttribute("aria-pressed", on ? "true" : "false");
      }
      if (result.ok && form.getAttribute("data-inplace") === "report") { form.reset(); }
      if (status) {
        status.textContent = result.body.message || "";
        status.className = "small ms-2 inplace-status " + (result.ok ? "text-success" : "text-danger");
      }
    }).catch(function () {
      if (status) { status.textContent = "网络不可用，请稍后再试。"; status.className = "small ms-2 inplace-status text-danger"; }
    }).then(function () { if (button) { button.disabled = false; } });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-inplace") && window.fetch && window.FormData) {
      event.preventDefault();
      send(form);
    }
  });
})();
