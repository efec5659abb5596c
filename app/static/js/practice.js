// Keyboard shortcuts for practice on a desktop: 1-8 or A-H choose an option, Enter submits,
// the right arrow goes to the next question. Nothing here knows the answer key.
(function () {
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "TEXTAREA" || (target.tagName === "INPUT" && target.type === "text"));
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
