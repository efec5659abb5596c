// Site-wide behaviour. No inline scripts anywhere: the CSP forbids them.
document.addEventListener("submit", function (event) {
  var message = event.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
