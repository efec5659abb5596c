// The attempt page. Promises: every edit is stamped with its time on the SERVER's clock and kept in
// this browser (exam-queue.js) until the server acknowledges that very edit; the newest edit of a
// question wins, whichever tab or device made it, and a tab that learns of a newer answer shows it and
// says so; with no session the answers stay queued until the trainee signs in again; the countdown
// follows the server's clock, and at 0:00 the page locks, sends what is queued and submits.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var queue = new window.XuetangAnswerQueue(root.dataset.attempt);
  var csrf = root.dataset.csrf;
  var deadline = Number(root.dataset.deadline);
  var offset = Number(root.dataset.serverNow) - Date.now();   // the server's clock minus this machine's
  var shown = {};        // position -> edit time of the answer on screen
  var typing = {};       // position -> {at, timer}: a text edit waiting for the typist to pause
  var inflight = null, locked = false, leaving = false, acknowledged = false, trouble = null;
  var changed = {}, noticeTimer = null, warned = {}, lastDate = Date.now(), lastPerf = performance.now();
  var activity = window.XuetangActivity || null;     // exam-activity.js: leaves (切屏) and time per question
  function byId(id) { return document.getElementById(id); }

  // ---- the server's clock ----
  function serverNow() { return Date.now() + offset; }
  window.XuetangExamClock = serverNow;
  function learnClock(data, sentAt) {
    var receivedAt = Date.now(), roundTrip = receivedAt - sentAt;
    if (typeof data.server_now !== "number" || roundTrip < 0 || roundTrip > 5000) { return; }
    offset = data.server_now + roundTrip / 2 - receivedAt;
    if (typeof data.deadline === "number") { deadline = data.deadline; }
  }

  // ---- reading and writing the inputs of one question ----
  function sections() { return Array.prototype.slice.call(root.querySelectorAll(".exam-question")); }
  function section(position) { return root.querySelector('.exam-question[data-position="' + position + '"]'); }
  function numberOf(position) { return sections().indexOf(section(position)) + 1; }
  function inputs(sec) { return sec.querySelectorAll(".question input, .question textarea"); }
  function readValues(sec) {
    var values = [];
    inputs(sec).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") { if (input.checked) { values.push(input.value); } }
      else { values.push(input.value); }
    });
    return values;
  }
  function writeValues(sec, values, flagged) {
    var texts = 0;
    inputs(sec).forEach(function (input) {
      if (input.type === "radio" || input.type === "checkbox") { input.checked = values.indexOf(input.value) >= 0; }
      else { input.value = values[texts++] || ""; }
    });
    sec.querySelector(".flag-input").checked = !!flagged;
  }
  function flagged(sec) { return sec.querySelector(".flag-input").checked; }
  function answered(values) { return values.some(function (v) { return String(v).trim() !== ""; }); }
  function refreshSheet() {
    sections().forEach(function (sec) {
      var cell = root.querySelector('.sheet-cell[data-position="' + sec.dataset.position + '"]');
      cell.classList.toggle("answered", answered(readValues(sec)));
      cell.classList.toggle("flagged", flagged(sec));
    });
  }

  // ---- edits: this tab's, and newer ones from elsewhere ----
  function keep(position, at) {
    var sec = section(position);
    queue.put({ position: Number(position), values: readValues(sec), flagged: flagged(sec), edited_at: at });
    refreshSheet();
    showStatus();                             // 「正在保存…」 until the server acknowledges it
    flush();
  }
  function edited(sec, slow) {
    var position = sec.dataset.position;
    var at = Math.max(Math.round(serverNow()), (shown[position] || 0) + 1);   // later than what the trainee saw
    shown[position] = at;
    if (typing[position]) { clearTimeout(typing[position].timer); delete typing[position]; }
    if (!slow) { keep(position, at); return; }
    typing[position] = { at: at, timer: setTimeout(function () { delete typing[position]; keep(position, at); }, 800) };
    showStatus();
  }
  function keepTyping() {
    Object.keys(typing).forEach(function (position) { clearTimeout(typing[position].timer); keep(position, typing[position].at); });
    typing = {};
  }
  // Show an answer made elsewhere if it is newer than the one on screen; true if the screen changed.
  function adopt(answer) {
    var position = String(answer.position), sec = section(position);
    if (!sec || answer.edited_at <= (shown[position] || 0)) { return false; }
    var before = JSON.stringify([readValues(sec), flagged(sec)]);
    if (typing[position]) { clearTimeout(typing[position].timer); delete typing[position]; }
    writeValues(sec, answer.values, answer.flagged);
    shown[position] = answer.edited_at;
    refreshSheet();
    return before !== JSON.stringify([readValues(sec), flagged(sec)]);
  }
  function report(positions) {
    if (!positions.length) { return; }
    positions.forEach(function (position) { changed[numberOf(position)] = true; });
    var numbers = Object.keys(changed).map(Number).sort(function (a, b) { return a - b; });
    notify("第 " + numbers.join("、") + " 题已在其他页面更新，本页已显示最新答案。");
  }
  function notify(text) {
    var notice = byId("sync-notice");
    notice.textContent = text;
    notice.classList.remove("d-none");
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { changed = {}; notice.classList.add("d-none"); }, 30000);
  }

  // ---- talking to the server: only an explicit JSON reply counts ----
  function classify(response) {
    if (response.type === "opaqueredirect" || response.redirected || [400, 401, 403, 404].indexOf(response.status) >= 0) {
      return { kind: "session" };          // signed out, a stale CSRF token, or signed in as someone else
    }
    if (response.status === 429 || response.status >= 500) { return { kind: "offline" }; }
    if ((response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) { return { kind: "session" }; }
    return response.json().then(function (data) {
      return { kind: response.status === 410 ? "closed" : response.ok ? "ok" : "offline", data: data };
    }, function () { return { kind: "offline" }; });
  }
  function request(url, body, keepalive) {
    var options = { credentials: "same-origin", redirect: "manual", cache: "no-store", keepalive: !!keepalive,
      headers: { "Accept": "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf } };
    if (body) { options.method = "POST"; options.body = JSON.stringify(body); }
    return fetch(url, options).then(classify, function () { return { kind: "offline" }; });
  }
  function settle(acks) {
    var elsewhere = [];
    acks.forEach(function (ack) {
      if (ack.result === "newer_on_server") {
        queue.settle(ack.position, ack.current.edited_at);
        if (adopt(ack.current)) { elsewhere.push(ack.position); }
      } else {
        queue.settle(ack.position, ack.edited_at);
        if (ack.result === "rejected") { notify("第 " + numberOf(ack.position) + " 题的这次修改没有保存：" + ack.error); }
      }
    });
    report(elsewhere);
  }

  // Leaves and time per question (exam-activity.js) ride along with the answers; `force` sends the times now.
  function batch(entries, force) { return Object.assign({ answers: entries }, activity && activity.pending(force)); }
  // Send the queue; resolves true once nothing is left unacknowledged.
  function flush() {
    if (inflight) { return inflight.then(function () { return flush(); }); }
    var entries = queue.all().slice(0, 50), sentAt = Date.now(), body = batch(entries, locked);
    if ((!entries.length && !body.leaves && !body.times) || leaving) { showStatus(); return Promise.resolve(!entries.length); }
    inflight = request(root.dataset.saveUrl, body).then(function (reply) {
      inflight = null;
      if (reply.kind === "closed") { queue.clear(); goToResult(reply.data.result_url); return false; }
      if (reply.kind !== "ok" || !Array.isArray(reply.data.acks)) { setTrouble(reply.kind); return false; }
      learnClock(reply.data, sentAt);
      acknowledged = true;
      setTrouble(null);
      var before = JSON.stringify(entries);
      settle(reply.data.acks);
      if (activity) { activity.settle(body, reply.data.activity); }
      showStatus();
      var rest = queue.all().slice(0, 50);     // nothing left: flush() sends what activity remains, or says so
      return rest.length && JSON.stringify(rest) === before ? false : flush();
    });
    return inflight;
  }

  function resync() {
    if (leaving) { return; }
    var sentAt = Date.now();
    request(root.dataset.stateUrl).then(function (reply) {
      if (reply.kind === "closed") { goToResult(reply.data.result_url); return; }
      if (reply.kind !== "ok") { setTrouble(reply.kind); return; }
      learnClock(reply.data, sentAt);
      if (reply.data.csrf) { csrf = reply.data.csrf; }     // a new sign-in came with a new token
      if (activity) { activity.learn(reply.data.activity); }
      setTrouble(null);
      report(reply.data.answers.filter(adopt).map(function (answer) { return answer.position; }));
      flush();
    });
  }

  // ---- what the trainee is told ----
  function setTrouble(kind) {
    trouble = kind;
    byId("offline-banner").classList.toggle("d-none", kind !== "offline");
    byId("session-banner").classList.toggle("d-none", kind !== "session");
    showStatus();
  }
  function showStatus() {
    if (leaving) { return; }
    var waiting = queue.all().length + Object.keys(typing).length, status = byId("save-status");
    if (locked) { status.textContent = waiting ? "正在提交 " + waiting + " 个答案并交卷…" : "正在交卷…"; }
    else if (trouble === "session") { status.textContent = "有 " + waiting + " 个答案暂存在本机，重新登录后自动提交"; }
    else if (trouble === "offline") { status.textContent = "有 " + waiting + " 个答案暂存在本机，等待网络恢复"; }
    else if (waiting) { status.textContent = "正在保存…"; }
    else if (acknowledged) { status.textContent = "所有答案已保存"; }
  }

  // ---- the countdown; at 0:00 nothing can be edited and the paper is submitted ----
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var date = Date.now(), perf = performance.now();
    if (Math.abs((date - lastDate) - (perf - lastPerf)) > 1000) { resync(); }   // this machine's clock jumped
    lastDate = date; lastPerf = perf;
    var left = Math.max(0, Math.ceil((deadline - serverNow()) / 1000));
    var h = Math.floor(left / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
    byId("countdown").textContent = (h ? h + ":" + pad(m) : m) + ":" + pad(s);
    [[600, "还剩 10 分钟，请注意时间。"], [60, "还剩 1 分钟，时间到将自动交卷。"]].forEach(function (w) {
      if (left <= w[0] && left > 0 && !warned[w[0]]) {
        warned[w[0]] = true;
        byId("time-warning").textContent = w[1];
        byId("time-warning").classList.remove("d-none");
        if (w[0] === 600) {
          setTimeout(function () { if (byId("time-warning").textContent === w[1]) { byId("time-warning").classList.add("d-none"); } }, 15000);
        }
      }
    });
    if (left === 0 && !locked) { submit(); }
  }
  function lock() {
    if (!locked) { keepTyping(); }
    locked = true;
    root.dataset.locked = "1";
    if (deadline <= serverNow()) {
      byId("time-warning").textContent = "时间到，答题已锁定，正在交卷…";
      byId("time-warning").classList.remove("d-none");
    }
    root.querySelectorAll(".exam-question input, .exam-question textarea, #open-submit").forEach(function (input) { input.disabled = true; });
    showStatus();
  }
  function goToResult(url) { leaving = true; if (activity) { activity.clear(); } window.location.href = url || root.dataset.resultUrl; }
  function submit() {
    if (leaving) { return; }
    lock();
    flush().then(function (empty) {
      if (leaving) { return; }
      if (!empty) { setTimeout(submit, 2000); return; }
      request(root.dataset.submitUrl, {}).then(function (reply) {
        if (reply.kind === "ok" || reply.kind === "closed") { queue.clear(); goToResult(reply.data.result_url); return; }
        setTrouble(reply.kind);
        setTimeout(submit, 2000);
      });
    });
  }
  function openSubmitDialog() {
    var unanswered = [], marked = [];
    sections().forEach(function (sec, i) {
      if (!answered(readValues(sec))) { unanswered.push(i + 1); }
      if (flagged(sec)) { marked.push(i + 1); }
    });
    var text = unanswered.length ? "还有 " + unanswered.length + " 题未作答（第 " + unanswered.join("、") + " 题）。" : "所有题目均已作答。";
    if (marked.length) { text += "标记待检查的题：第 " + marked.join("、") + " 题。"; }
    byId("submit-summary").textContent = text + "交卷后不能再修改。";
    bootstrap.Modal.getOrCreateInstance(byId("submit-dialog")).show();
  }

  // ---- wiring ----
  root.addEventListener("input", function (event) {
    var sec = event.target.closest(".exam-question");
    if (!sec) { return; }
    tick();                                   // the clock first: no edit counts at or after 0:00
    if (locked) { return; }
    edited(sec, event.target.tagName === "TEXTAREA" || event.target.type === "text");
  });
  byId("open-submit").addEventListener("click", openSubmitDialog);
  byId("confirm-submit").addEventListener("click", function () {
    bootstrap.Modal.getOrCreateInstance(byId("submit-dialog")).hide();
    submit();
  });
  window.addEventListener("storage", function (event) {      // another tab of this browser kept an edit
    if (!queue.owns(event.key)) { return; }
    var entry = null;
    try { entry = JSON.parse(event.newValue); } catch (e) { entry = null; }
    if (entry && !locked && adopt(entry)) { report([entry.position]); }
    showStatus();
  });
  root.addEventListener("exam:activity", function () { flush(); });
  window.addEventListener("online", function () { flush(); resync(); });
  window.addEventListener("offline", function () { setTrouble("offline"); });
  window.addEventListener("focus", resync);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { resync(); } });
  window.addEventListener("pagehide", function () {
    var entries = queue.all().slice(0, 20), body = batch(entries, true);
    if ((entries.length || body.leaves || body.times) && !leaving) { request(root.dataset.saveUrl, body, true); }
  });

  // What this browser kept and the server does not have yet wins over what the page was rendered with;
  // what the server has at least as new is dropped, never resent.
  sections().forEach(function (sec) { shown[sec.dataset.position] = Number(sec.dataset.editedAt) || 0; });
  queue.all().forEach(function (entry) {
    var sec = section(entry.position);
    if (sec && entry.edited_at > shown[entry.position]) { writeValues(sec, entry.values, entry.flagged); shown[entry.position] = entry.edited_at; }
    else { queue.settle(entry.position, sec ? shown[entry.position] : Infinity); }
  });
  refreshSheet();
  if (queue.all().length) { byId("save-status").textContent = "正在提交 " + queue.all().length + " 个本机暂存的答案…"; }
  tick();
  setInterval(tick, 200);
  setInterval(function () { if (trouble !== "session") { flush(); } }, 5000);
  setInterval(function () { if (trouble) { resync(); } }, 3000);
  setInterval(resync, 30000);
  resync();       // measures the clock offset with the round trip, then sends what is queued
})();
