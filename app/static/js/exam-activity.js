// What the exam page reports besides answers (see app/exams/leaves.py): absences from the page (切屏)
// and the seconds each question was the current one. Both are kept in localStorage, shared by every
// tab of this browser, until the server acknowledges them; exam.js sends them with its save batches.
//
// A leave is one absence: the page hidden (another tab, minimised) or the window without focus
// (another window or app), whichever comes first; hidden plus blur of one absence count once. Our own
// dialogs and the answer-sheet drawer live inside the page and take no focus from the window. A tab
// that loses the trainee to another tab of the same attempt does not count: the tab that gains focus
// claims presence, and an absence becomes a leave only if no other tab of the attempt claimed presence
// within CLAIM_MS of it (RELOAD_MS when the page was closed or reloaded: a reload is not a leave, a
// closed page reopened later is). Absences wait in localStorage ("maybe"), so one whose page was
// closed is decided by whichever tab of the attempt runs next.
(function () {
  "use strict";
  var root = document.getElementById("exam");
  if (!root) { return; }
  var CLAIM_MS = 1200, RELOAD_MS = 10000, SEND_TIMES_MS = 30000, MAX_TICK_MS = 5000;
  var prefix = "xuetang-activity-" + root.dataset.attempt + "-";   // apart from the answer queue's keys
  var tracked = root.dataset.trackLeaves === "1", limit = Number(root.dataset.leaveLimit) || 0;
  var serverCount = Number(root.dataset.leaves) || 0;
  var tab = Math.random().toString(36).slice(2, 10), away = false, unloading = false, closed = false, lastTick = performance.now(), lastTimesSent = Date.now();
  var carry = {};     // position -> milliseconds not yet a whole second

  function read(name, fallback) {
    try { return JSON.parse(localStorage.getItem(prefix + name)) || fallback; } catch (e) { return fallback; }
  }
  function write(name, value) {
    try { localStorage.setItem(prefix + name, JSON.stringify(value)); } catch (e) { /* storage full or off: best effort */ }
  }
  function serverNow() { return window.XuetangExamClock ? window.XuetangExamClock() : Date.now(); }
  function locked() { return root.dataset.locked === "1"; }
  function present() { return !document.hidden && document.hasFocus(); }
  function changed() { root.dispatchEvent(new CustomEvent("exam:activity")); }

  // ---- leaves ----
  function showCount() {
    var bar = document.getElementById("leave-count");
    if (!tracked || !bar) { return; }
    var count = serverCount + read("leaves", []).length;
    var text = count ? "已离开考试页面 " + count + " 次" : "离开考试页面将被记录";
    if (limit) { text += count + 1 >= limit ? "，再离开 1 次将自动交卷" : "，第 " + limit + " 次将自动交卷"; }
    bar.textContent = text;
    bar.classList.toggle("text-danger", count > 0);
  }
  function claim() { write("present", [].concat(read("present", []), [{ tab: tab, at: Date.now() }]).slice(-10)); }
  function left() {
    if (!tracked || locked() || closed || away) { return; }
    away = true;
    var since = Date.now();
    write("maybe", read("maybe", []).concat([{ id: "leave-" + tab + "-" + since.toString(36), at: Math.round(serverNow()),
                                                since: since, tab: tab, unload: unloading }]));
  }
  function back() {
    if (!present()) { return; }
    away = false;
    claim();
  }
  // An absence old enough to judge becomes a leave unless another tab of the attempt claimed presence in time.
  function decide() {
    var maybe = [].concat(read("maybe", [])), claims = [].concat(read("present", [])), now = Date.now(), keep = [], found = [];
    maybe.forEach(function (entry) {
      var span = entry.unload ? RELOAD_MS : CLAIM_MS;
      if (now - entry.since < span) { keep.push(entry); return; }
      var claimed = claims.some(function (c) { return c.tab !== entry.tab && c.at >= entry.since - 500 && c.at - entry.since <= span; });
      if (!claimed) { found.push({ id: entry.id, at: entry.at }); }
    });
    if (keep.length === maybe.length) { return; }
    write("maybe", keep);
    if (found.length) { write("leaves", read("leaves", []).concat(found)); showCount(); changed(); }
  }

  // ---- time per question: the current one, while this tab is visible ----
  function tick() {
    decide();
    var now = performance.now(), elapsed = Math.min(now - lastTick, MAX_TICK_MS);
    lastTick = now;
    var position = root.dataset.current;
    if (document.hidden || locked() || position === undefined) { return; }
    carry[position] = (carry[position] || 0) + elapsed;
    var whole = Math.floor(carry[position] / 1000), times;
    if (!whole) { return; }
    carry[position] -= whole * 1000;
    times = read("times", {});
    times[position] = (times[position] || 0) + whole;
    write("times", times);
  }

  // ---- what exam.js sends and what the server answered ----
  function unsentTimes() {
    var times = read("times", {}), acked = read("times-acked", {}), out = {}, any = false;
    Object.keys(times).forEach(function (p) { if (times[p] > (acked[p] || 0)) { out[p] = times[p]; any = true; } });
    return any ? out : null;
  }
  // The activity to send now, or null. Times go every 30 s, and always when `force` (submit, leaving).
  function pending(force) {
    var body = {}, leaves = read("leaves", []).slice(0, 20), times = unsentTimes();
    if (leaves.length) { body.leaves = leaves; }
    if (times && (force || leaves.length || Date.now() - lastTimesSent > SEND_TIMES_MS)) { body.times = times; }
    return body.leaves || body.times ? body : null;
  }
  function settle(sent, activity) {
    if (sent && sent.leaves) {
      var ids = sent.leaves.map(function (l) { return l.id; });
      write("leaves", read("leaves", []).filter(function (l) { return ids.indexOf(l.id) < 0; }));
    }
    if (sent && sent.times) {
      var acked = read("times-acked", {});
      Object.keys(sent.times).forEach(function (p) { acked[p] = Math.max(acked[p] || 0, sent.times[p]); });
      write("times-acked", acked);
      lastTimesSent = Date.now();
    }
    learn(activity);
  }
  function learn(activity) {
    if (!activity) { return; }
    tracked = !!activity.tracked;
    limit = activity.limit || 0;
    serverCount = activity.leaves || 0;
    showCount();
  }

  // What the server already holds is where this browser's totals start (a reload, another device).
  var times = read("times", {}), acked = read("times-acked", {});
  root.querySelectorAll(".exam-question").forEach(function (sec) {
    var p = sec.dataset.position, held = Number(sec.dataset.seconds) || 0;
    times[p] = Math.max(times[p] || 0, held);
    acked[p] = Math.max(acked[p] || 0, held);
  });
  write("times", times);
  write("times-acked", acked);

  document.addEventListener("visibilitychange", function () { if (document.hidden) { left(); } else { back(); } });
  window.addEventListener("blur", left);
  window.addEventListener("focus", back);
  window.addEventListener("pagehide", function () {          // closing or reloading: judged by the next tab to run
    unloading = true;
    write("maybe", read("maybe", []).map(function (e) { return e.tab === tab ? Object.assign(e, { unload: true }) : e; }));
    left();
  });
  window.addEventListener("storage", function (event) { if (event.key === prefix + "leaves") { showCount(); } });
  decide();
  if (present()) { claim(); }
  setInterval(tick, 1000);
  showCount();
  // The attempt is closed: nothing kept here can be recorded any more.
  function clear() {
    closed = true;
    ["leaves", "maybe", "times", "times-acked", "present"].forEach(function (name) {
      try { localStorage.removeItem(prefix + name); } catch (e) { /* already gone */ }
    });
  }
  window.XuetangActivity = { pending: pending, settle: settle, learn: learn, clear: clear };
})();
