// The attempt page. Promises: an answer is kept in this browser until the server acknowledges it
// (it survives a dropped connection, a reload and a browser restart), saves reach the server in
// the order they were made, and the countdown follows the server's clock, not this machine's.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var attemptId = root.dataset.attempt;
  var storeKey = "xuetang-attempt-" + attemptId;
  var csrf = root.dataset.csrf;
  var seq = parseInt(root.dataset.seq, 10) || 0;
  var queue = loadQueue();
  var sending = false;
  var finished = false;
  var clock = { left: parseInt(root.dataset.secondsLeft, 10), grace: parseInt(root.dataset.graceLeft, 10), base: performance.now() };
  var warned = {};
  var banner = document.getElementById("offline-banner");
  var status = document.getElementById("save-status");

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  function storeQueue() {
    try { localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* storage full: keep in memory */ }
  }
  queue.forEach(function (entry) { seq = Math.max(seq, entry.seq); });

  // ---- reading and writing the inputs of one question ----
  function section(position) { return root.querySelector('.exam-question[data-position="' + position + '"]'); }
  function readValues(sec) {
    var values = [];
    sec.querySelectorAll(".question input, .question textarea").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox")) { if (input.checked) { values.push(input.value); } }
      else { values.push(input.value); }
    });
    return values;
  }
  function writeValues(sec, values, flagged) {
    var texts = 0;
    sec.querySelectorAll(".question input, .question textarea").forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") { input.checked = values.indexOf(input.value) >= 0; }
      else { input.value = values[texts++] || ""; }
    });
    sec.querySelector(".flag-input").checked = !!flagged;
  }
  function answered(values) { return values.some(function (v) { return String(v).trim() !== ""; }); }

  function refreshSheet() {
    root.querySelectorAll(".exam-question").forEach(function (sec) {
      var cell = root.querySelector('.sheet-cell[data-position="' + sec.dataset.position + '"]');
      cell.classList.toggle("answered", answered(readValues(sec)));
      cell.classList.toggle("flagged", sec.querySelector(".flag-input").checked);
    });
  }

  // ---- the save queue ----
  function enqueue(sec) {
    var position = parseInt(sec.dataset.position, 10);
    queue = queue.filter(function (e) { return e.position !== position; }); // only the latest unsent state matters
    queue.push({ seq: ++seq, position: position, values: readValues(sec), flagged: sec.querySelector(".flag-input").checked });
    storeQueue();
    refreshSheet();
    flush();
  }

  function renumber(serverSeq) {
    seq = Math.max(seq, serverSeq);
    queue.forEach(function (entry) { entry.seq = ++seq; });
    storeQueue();
  }

  function post(url, body, keepalive) {
    return fetch(url, { method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf }, body: JSON.stringify(body) });
  }

  function flush() {
    if (sending || finished || queue.length === 0) { return Promise.resolve(queue.length === 0); }
    sending = true;
    var entry = queue[0];
    return post(root.dataset.saveUrl, entry).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        sending = false;
        if (response.ok) {
          queue.shift(); storeQueue(); online(true);
          status.textContent = queue.length ? "正在保存…" : "所有答案已保存";
          if (typeof data.seconds_left === "number") { setClock(data.seconds_left); }
        } else if (response.status === 409) {
          renumber(data.state ? data.state.seq : seq);
        } else if (response.status === 410) {
          queue = []; storeQueue(); return goToResult(data.result_url);
        } else if (response.status === 400) {
          queue.shift(); storeQueue(); status.textContent = data.error || "有一道题的答案格式不正确，未保存。";
        } else {
          online(false); return false;   // server trouble: keep the answer and try again later
        }
        return flush();
      });
    }).catch(function () { sending = false; online(false); return false; });
  }

  function online(ok) {
    banner.classList.toggle("d-none", ok);
    if (!ok) { status.textContent = "有 " + queue.length + " 个答案暂存在本机，等待网络恢复"; }
  }

  // ---- the clock ----
  function setClock(left) { clock.left = left; clock.base = performance.now(); }
  function remaining() { return Math.max(0, clock.left - Math.floor((performance.now() - clock.base) / 1000)); }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var left = remaining();
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    document.getElementById("countdown").textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    [[600, "还剩 10 分钟，请注意时间。"], [60, "还剩 1 分钟，时间到将自动交卷。"]].forEach(function (w) {
      if (left <= w[0] && left > 0 && !warned[w[0]]) {
        warned[w[0]] = true;
        var box = document.getElementById("time-warning");
        box.textContent = w[1]; box.classList.remove("d-none");
      }
    });
    if (left === 0 && !finished && clock.grace <= clock.left + 1) { submit(true); }
  }
  function resync() {
    if (finished) { return; }
    fetch(root.dataset.stateUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      return response.json().then(function (data) {
        if (response.status === 410) { return goToResult(data.result_url); }
        if (response.ok) { setClock(data.seconds_left); if (data.seq > seq && queue.length === 0) { seq = data.seq; } }
      });
    }).catch(function () { online(false); });
  }

  // ---- submitting ----
  function goToResult(url) { finished = true; window.location.href = url || root.dataset.resultUrl; }
  function submit(automatic) {
    if (finished) { return; }
    if (automatic) { finished = true; status.textContent = "时间到，正在交卷…"; }
    var attempts = 0;
    (function trySubmit() {
      sending = false; finished = false;
      flush().then(function (empty) {
        if (!empty && attempts++ < 20) { setTimeout(trySubmit, 3000); return; }
        finished = true;
        post(root.dataset.submitUrl, {}).then(function (response) { return response.json(); })
          .then(function (data) { localStorage.removeItem(storeKey); goToResult(data.result_url); })
          .catch(function () { finished = false; online(false); setTimeout(trySubmit, 3000); });
      });
    })();
  }

  function openSubmitDialog() {
    var unanswered = [], flagged = [];
    root.querySelectorAll(".exam-question").forEach(function (sec, i) {
      if (!answered(readValues(sec))) { unanswered.push(i + 1); }
      if (sec.querySelector(".flag-input").checked) { flagged.push(i + 1); }
    });
    var text = unanswered.length ? "还有 " + unanswered.length + " 题未作答（第 " + unanswered.join("、") + " 题）。" : "所有题目均已作答。";
    if (flagged.length) { text += "标记待检查的题：第 " + flagged.join("、") + " 题。"; }
    document.getElementById("submit-summary").textContent = text + "交卷后不能再修改。";
    bootstrap.Modal.getOrCreateInstance(document.getElementById("submit-dialog")).show();
  }

  // ---- one question at a time ----
  var current = 0;
  function layout(single) {
    var sections = root.querySelectorAll(".exam-question");
    sections.forEach(function (sec, i) { sec.classList.toggle("d-none", single && i !== current); });
    root.querySelectorAll(".one-at-a-time-nav").forEach(function (nav) { nav.classList.toggle("d-none", !single); });
    document.getElementById("toggle-layout").textContent = single ? "整卷显示" : "逐题显示";
    localStorage.setItem("xuetang-layout", single ? "single" : "all");
  }
  function single() { return localStorage.getItem("xuetang-layout") === "single"; }
  function show(index) {
    var count = root.querySelectorAll(".exam-question").length;
    current = Math.max(0, Math.min(count - 1, index));
    layout(single());
  }

  // ---- wiring ----
  var timers = {};
  root.addEventListener("input", function (event) {
    var sec = event.target.closest(".exam-question");
    if (!sec) { return; }
    clearTimeout(timers[sec.dataset.position]);
    var delay = event.target.tagName === "TEXTAREA" || event.target.type === "text" ? 800 : 0;
    timers[sec.dataset.position] = setTimeout(function () { enqueue(sec); }, delay);
  });
  root.addEventListener("click", function (event) {
    var cell = event.target.closest(".sheet-cell");
    if (cell && single()) { event.preventDefault(); show(Array.prototype.indexOf.call(cell.parentNode.children, cell)); }
    if (event.target.classList.contains("next-q")) { show(current + 1); }
    if (event.target.classList.contains("prev-q")) { show(current - 1); }
  });
  document.getElementById("toggle-layout").addEventListener("click", function () { layout(!single()); });
  document.getElementById("open-submit").addEventListener("click", openSubmitDialog);
  document.getElementById("confirm-submit").addEventListener("click", function () {
    bootstrap.Modal.getOrCreateInstance(document.getElementById("submit-dialog")).hide();
    submit(false);
  });
  window.addEventListener("online", function () { flush(); resync(); });
  window.addEventListener("offline", function () { online(false); });
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { resync(); flush(); } });
  window.addEventListener("pagehide", function () {
    queue.slice(0, 5).forEach(function (entry) { post(root.dataset.saveUrl, entry, true).catch(function () {}); });
  });

  // Unsent answers from before a reload or a restart win over what the page was rendered with.
  queue.forEach(function (entry) { var sec = section(entry.position); if (sec) { writeValues(sec, entry.values, entry.flagged); } });
  layout(single());
  refreshSheet();
  if (queue.length) { status.textContent = "正在提交 " + queue.length + " 个本机暂存的答案…"; }
  tick();
  setInterval(tick, 1000);
  setInterval(function () { flush(); }, 5000);
  setInterval(resync, 30000);
  flush();
})();
