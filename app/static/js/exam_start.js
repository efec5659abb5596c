// The 开始 button on the exam list, for exam day: when a whole cohort presses it in the same second,
// the button disables at once and shows progress; a timeout, a dropped connection or a busy answer
// (429, 502, 503, 504) is retried after a jittered, growing pause. The server resumes the attempt a
// lost answer already created, so a retry never makes a second attempt.
(function () {
  "use strict";
  var TIMEOUT_MS = 30000;
  var MAX_TRIES = 8;
  var RETRY_STATUSES = [429, 502, 503, 504];

  function pause(tries) {
    // Full jitter between half and all of 1 s, 2 s, 4 s ... capped at 15 s: retries spread out instead of returning together.
    var ceiling = Math.min(15000, 1000 * Math.pow(2, tries - 1));
    return ceiling / 2 + Math.random() * ceiling / 2;
  }

  function send(form) {
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    return fetch(form.action, {
      method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
      headers: {"Accept": "application/json"}, signal: controller.signal
    }).finally(function () { clearTimeout(timer); });
  }

  function start(form) {
    var button = form.querySelector("button[type=submit]");
    var status = form.querySelector(".start-status");
    var began = Date.now();
    var tries = 0;
    var ticker = null;

    function say(text) { status.textContent = text; }
    function waiting() { say("正在准备试卷…（" + Math.round((Date.now() - began) / 1000) + " 秒）"); }
    function stop(text) {
      clearInterval(ticker);
      button.disabled = false;
      button.removeAttribute("aria-busy");
      say(text);
    }
    function retry(reason) {
      if (tries >= MAX_TRIES) { stop("服务器繁忙，暂时无法开始，请稍后再点一次。"); return; }
      var wait = pause(tries);
      clearInterval(ticker);
      say(reason + "，" + Math.ceil(wait / 1000) + " 秒后自动重试（第 " + tries + " 次）…");
      setTimeout(function () { ticker = setInterval(waiting, 1000); attempt(); }, wait);
    }
    function attempt() {
      tries += 1;
      waiting();
      send(form).then(function (response) {
        if (RETRY_STATUSES.indexOf(response.status) >= 0) { retry("服务器繁忙"); return; }
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") < 0) { window.location.assign(response.url); return; }
        return response.json().then(function (body) {
          if (response.ok && body.url) { say("试卷已准备好，正在打开…"); window.location.assign(body.url); return; }
          stop(body.error && body.message ? body.message : (body.error || "无法开始考试，请刷新页面后重试。"));
        });
      }).catch(function () { retry("网络不畅或服务器未及时响应"); });
    }

    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    ticker = setInterval(waiting, 1000);
    attempt();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form.exam-start") || !window.fetch || !window.AbortController) {
      return;
    }
    event.preventDefault();
    if (!form.querySelector("button[type=submit]").disabled) {
      start(form);
    }
  });
}());
