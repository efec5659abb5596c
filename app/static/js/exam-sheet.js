// Finding one's way through a paper: one question at a time (the default on a phone) or the whole paper,
// and the answer sheet (答题卡) in a drawer opened from the sticky bar. The sheet marks the question in
// view as current (exam.js marks answered and flagged); a jump lands with the question's header just
// below the sticky bar.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var bar = root.querySelector(".exam-bar"), drawer = document.getElementById("sheet-drawer");
  var phone = window.matchMedia("(max-width: 575.98px)");
  var current = 0, pending = false, jumping = 0;

  function sections() { return Array.prototype.slice.call(root.querySelectorAll(".exam-question")); }
  function cells() { return Array.prototype.slice.call(root.querySelectorAll("#sheet .sheet-cell")); }
  function single() {
    var chosen = null;
    try { chosen = localStorage.getItem("xuetang-layout"); } catch (e) { chosen = null; }
    return chosen ? chosen === "single" : phone.matches;
  }
  // The sticky bar grows with its messages: a jump must land below whatever it shows now.
  function measureBar() { root.style.setProperty("--exam-bar-height", bar.offsetHeight + "px"); }

  // The first question not scrolled under the bar. A jump's own scrolling does not count: on a short
  // paper the last question can never reach the top, and it is still the one the trainee chose.
  function follow() {
    if (single() || performance.now() < jumping) { return; }
    var edge = bar.getBoundingClientRect().bottom;
    current = Math.max(0, sections().findIndex(function (sec) { return sec.getBoundingClientRect().bottom > edge + 8; }));
    markCurrent();
  }
  function markCurrent() {
    cells().forEach(function (cell, i) { cell.classList.toggle("current", i === current); });
    if (sections()[current]) { root.dataset.current = sections()[current].dataset.position; }   // timed by exam-activity.js
  }
  function layout() {
    var one = single();
    sections().forEach(function (sec, i) { sec.classList.toggle("d-none", one && i !== current); });
    root.querySelectorAll(".one-at-a-time-nav").forEach(function (nav) { nav.classList.toggle("d-none", !one); });
    document.getElementById("toggle-layout").textContent = one ? "整卷显示" : "逐题显示";
    markCurrent();
  }
  function show(index, scroll) {
    current = Math.max(0, Math.min(sections().length - 1, index));
    layout();
    if (scroll) { measureBar(); jumping = performance.now() + 1000; sections()[current].scrollIntoView({ block: "start" }); }
  }
  function jump(index) {
    var open = window.bootstrap && drawer.classList.contains("show");
    if (!open) { show(index, true); return; }
    drawer.addEventListener("hidden.bs.offcanvas", function () { show(index, true); }, { once: true });
    bootstrap.Offcanvas.getOrCreateInstance(drawer).hide();
  }

  root.addEventListener("click", function (event) {
    var cell = event.target.closest(".sheet-cell");
    if (cell) { event.preventDefault(); jump(cells().indexOf(cell)); }
    if (event.target.classList.contains("next-q")) { show(current + 1, true); }
    if (event.target.classList.contains("prev-q")) { show(current - 1, true); }
  });
  document.getElementById("toggle-layout").addEventListener("click", function () {
    try { localStorage.setItem("xuetang-layout", single() ? "all" : "single"); } catch (e) { /* a nicety only */ }
    follow();
    show(current, true);
  });
  drawer.addEventListener("show.bs.offcanvas", markCurrent);
  window.addEventListener("scroll", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; follow(); });
  }, { passive: true });
  window.addEventListener("resize", measureBar);
  measureBar();
  layout();
})();
