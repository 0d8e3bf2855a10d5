// survey.js: progressive enhancement for the answering page. The page works
// without it: conditional questions are shown with a note, and the server
// drops answers to questions that do not apply. With it, a conditional
// question is hidden live while its condition does not hold.
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;

  function chosen(question) {
    var values = [];
    var inputs = form.querySelectorAll('[name="q.' + question + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var el = inputs[i];
      if ((el.type === "checkbox" || el.type === "radio") ? el.checked : el.value) values.push(el.value);
    }
    return values;
  }

  // A condition: a leaf {question, equals|any_of|none_of}, which does not
  // hold while the question it names is hidden, or {all: [...]}, {any: [...]},
  // {not: ...} (answer_visible in domain/answer.c decides the same).
  function leaf(rule) {
    var target = document.getElementById("q-" + rule.question);
    if (target && target.hidden) return false;
    var values = chosen(rule.question);
    if (rule.equals !== undefined) return values.indexOf(rule.equals) >= 0;
    var list = rule.any_of || rule.none_of || [];
    var hit = list.some(function (v) { return values.indexOf(v) >= 0; });
    return rule.any_of ? hit : !hit;
  }

  function holds(rule) {
    if (rule.not) return !holds(rule.not);
    if (rule.all) return rule.all.every(holds);
    if (rule.any) return rule.any.some(holds);
    return leaf(rule);
  }

  function update() {
    var conditional = form.querySelectorAll("[data-visible-if]");
    for (var i = 0; i < conditional.length; i++) {
      var rule;
      try { rule = JSON.parse(conditional[i].getAttribute("data-visible-if")); } catch (e) { continue; }
      conditional[i].hidden = !holds(rule);
    }
  }

  form.addEventListener("change", update);
  update();

  // Autosave: after each change (a little later, to group quick edits) and
  // when the tab is hidden or closed. The server answers JSON with the new
  // version, which the form keeps so the next save is not seen as stale.
  var status = document.getElementById("autosave-status");
  var version = form.querySelector('input[name="version"]');
  var timer = null, dirty = false, saving = false, waitingSubmitter = null;
  function say(text) { if (status) status.textContent = text; }
  function body() {
    var data = new URLSearchParams(new FormData(form));
    data.set("action", "save");
    return data.toString();
  }
  function save(keepalive) {
    if (!dirty || saving || !version) return;
    saving = true; dirty = false;
    // getAttribute: the form has buttons named "action", which shadow form.action.
    fetch(form.getAttribute("action"), {method: "POST", body: body(), keepalive: !!keepalive, credentials: "same-origin",
                        headers: {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}})
      .then(function (r) {
        if (r.status === 401 || r.status === 403) return {ok: false, status: r.status, j: {}};
        return r.json().then(function (j) { return {ok: r.ok, status: r.status, j: j}; });
      })
      .then(function (res) {
        saving = false;
        if (res.status === 401 || res.status === 403) {
          // Signed out (the session ended, or another tab logged out): nothing
          // typed is lost — it waits in this browser until the person signs in.
          keepUnsaved();
          return;
        }
        if (res.ok) {
          version.value = String(res.j.version);
          if (waitingSubmitter) { submitAfterSave(); return; }
          var now = new Date();
          say("自動保存しました（" + now.getHours() + ":" + String(now.getMinutes()).padStart(2, "0") + "）");
        } else {
          say("自動保存できませんでした: " + ((res.j.errors && res.j.errors[0] && res.j.errors[0].message) || ""));
          if (waitingSubmitter) submitAfterSave();
        }
      })
      .catch(function () {
        saving = false; dirty = true; say("自動保存できませんでした（通信エラー）。");
        if (waitingSubmitter) submitAfterSave();
      });
  }
  // A button pressed while an autosave is in flight waits for it, so the
  // form goes out with the version that save returned rather than a stale one.
  function submitAfterSave() {
    var submitter = waitingSubmitter;
    waitingSubmitter = null;
    if (form.requestSubmit) form.requestSubmit(submitter); else submitter.click();
  }
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    dirty = false;
    if (saving) {
      event.preventDefault();
      waitingSubmitter = event.submitter || form.querySelector('button[type=submit], button:not([type])');
    }
  });
  // Typing counts as activity: a pause of a few seconds saves, which also
  // keeps the session alive while someone writes a long text.
  function changed(delay) {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, delay);
  }
  form.addEventListener("change", function () { changed(1500); });
  form.addEventListener("input", function () { changed(5000); });

  // What could not be saved because the person was signed out, kept in this
  // browser under the page's address, and offered back after signing in.
  var unsavedKey = "shokai-unsaved:" + location.pathname;
  function keepUnsaved() {
    try {
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (name !== "csrf" && name !== "version" && name !== "action") fields.push([name, String(value)]);
      });
      localStorage.setItem(unsavedKey, JSON.stringify({at: Date.now(), fields: fields}));
    } catch (e) { /* storage full or off: the message below still says to sign in */ }
    var box = document.getElementById("signed-out");
    if (box) box.hidden = false;
    say("ログインの有効期限が切れたため保存できませんでした。入力内容はこのブラウザに残してあります。");
  }
  function restoreUnsaved(kept) {
    kept.fields.forEach(function (pair) {
      var els = form.querySelectorAll('[name="' + pair[0].replace(/"/g, "") + '"]');
      for (var i = 0; i < els.length; i++) {
        var el = els[i];
        if (el.type === "checkbox" || el.type === "radio") { if (el.value === pair[1]) el.checked = true; }
        else if (el.type !== "hidden") el.value = pair[1];
      }
    });
    localStorage.removeItem(unsavedKey);
    update();
    changed(0);
  }
  try {
    var kept = JSON.parse(localStorage.getItem(unsavedKey) || "null");
    var offer = document.getElementById("unsaved-offer");
    if (kept && offer) {
      offer.hidden = false;
      document.getElementById("unsaved-restore").addEventListener("click", function () { restoreUnsaved(kept); offer.hidden = true; });
      document.getElementById("unsaved-discard").addEventListener("click", function () { localStorage.removeItem(unsavedKey); offer.hidden = true; });
    }
  } catch (e) { /* no storage: nothing to offer */ }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
  window.addEventListener("pagehide", function () { save(true); });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // A row just added: the browser brought its fieldset into view (autofocus);
  // put the cursor in its first field.
  var row = form.querySelector("fieldset.table-row[autofocus]");
  var field = row && !summary ? row.querySelector("input:not([type=hidden]), select, textarea") : null;
  if (field) {
    // The browser's autofocus may come after this script: pass it on.
    row.addEventListener("focus", function () { field.focus(); });
    field.focus();
  }

  // Text limits: a live count under each text field, a warning from 90 %, and
  // over the limit how many characters to remove (nothing is ever cut: the
  // server refuses a longer text and says so).
  function characters(text) { return Array.from(text.replace(/\r\n/g, "\n")).length; }
  function count(el) {
    var max = Number(el.getAttribute("data-max-length"));
    var out = document.getElementById(el.id + "-count");
    if (!max || !out) return;
    var n = characters(el.value);
    out.classList.toggle("near-limit", n >= max * 0.9 && n <= max);
    out.classList.toggle("over-limit", n > max);
    out.textContent = n > max ? n + " / " + max + "文字: 上限を " + (n - max) + " 文字超えています。減らしてから保存してください。"
      : n >= max * 0.9 ? n + " / " + max + "文字（残り " + (max - n) + " 文字）"
      : n + " / " + max + "文字";
  }
  var limited = form.querySelectorAll("[data-max-length]");
  for (var k = 0; k < limited.length; k++) count(limited[k]);
  form.addEventListener("input", function (event) {
    if (event.target.hasAttribute && event.target.hasAttribute("data-max-length")) count(event.target);
  });
})();
