// The offline queue of one attempt, shared by every tab of this browser and kept across reloads and
// browser restarts: one localStorage key per question ("xuetang-attempt-<id>-q<position>"), holding that
// question's newest edit the server has not acknowledged. Tabs never clobber each other: a write never
// replaces a newer edit of the same question (queues merge per question by edit time), and an entry
// leaves only when the server acknowledged that edit, or holds a newer one of its own.
(function () {
  "use strict";

  function AnswerQueue(attemptId) {
    this.prefix = "xuetang-attempt-" + attemptId + "-q";
    this.memory = {};   // position -> entry, only while the browser refuses to store it (storage full or off)
    this.adoptLegacy("xuetang-attempt-" + attemptId);
  }

  AnswerQueue.prototype.owns = function (key) { return !!key && key.indexOf(this.prefix) === 0; };

  AnswerQueue.prototype.stored = function (position) {
    try { return JSON.parse(localStorage.getItem(this.prefix + position)); } catch (e) { return null; }
  };

  AnswerQueue.prototype.get = function (position) {
    var stored = this.stored(position), kept = this.memory[position];
    return kept && (!stored || kept.edited_at > stored.edited_at) ? kept : stored;
  };

  AnswerQueue.prototype.all = function () {
    var positions = {}, self = this, i, key;
    try {
      for (i = 0; i < localStorage.length; i++) {
        key = localStorage.key(i);
        if (this.owns(key)) { positions[key.slice(this.prefix.length)] = true; }
      }
    } catch (e) { /* storage unavailable: the memory copy is all there is */ }
    Object.keys(this.memory).forEach(function (position) { positions[position] = true; });
    return Object.keys(positions).map(function (position) { return self.get(position); })
      .filter(Boolean).sort(function (a, b) { return a.edited_at - b.edited_at; });
  };

  // Keep `entry` unless this browser already holds a newer edit of the question; true if it was kept.
  AnswerQueue.prototype.put = function (entry) {
    var current = this.get(entry.position);
    if (current && current.edited_at >= entry.edited_at) { return false; }
    try {
      localStorage.setItem(this.prefix + entry.position, JSON.stringify(entry));
      delete this.memory[entry.position];
    } catch (e) { this.memory[entry.position] = entry; }
    return true;
  };

  // The server holds the edit made at `upTo` (or a newer one): drop what is not newer than that.
  AnswerQueue.prototype.settle = function (position, upTo) {
    var stored = this.stored(position), kept = this.memory[position];
    if (stored && stored.edited_at <= upTo) {
      try { localStorage.removeItem(this.prefix + position); } catch (e) { /* nothing to remove */ }
    }
    if (kept && kept.edited_at <= upTo) { delete this.memory[position]; }
  };

  // The attempt is closed: nothing queued can be saved any more.
  AnswerQueue.prototype.clear = function () {
    var self = this;
    this.all().forEach(function (entry) { self.settle(entry.position, Infinity); });
  };

  // The previous format (one list per attempt, numbered, no edit time) becomes the oldest possible edits,
  // so anything the server holds wins over them.
  AnswerQueue.prototype.adoptLegacy = function (key) {
    var self = this, old;
    try { old = JSON.parse(localStorage.getItem(key)); } catch (e) { old = null; }
    if (!Array.isArray(old)) { return; }
    old.forEach(function (entry) {
      self.put({ position: entry.position, values: entry.values || [], flagged: !!entry.flagged, edited_at: 1 });
    });
    try { localStorage.removeItem(key); } catch (e) { /* already gone */ }
  };

  window.XuetangAnswerQueue = AnswerQueue;
})();
