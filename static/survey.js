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
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, j: j}; }); })
      .then(function (res) {
        saving = false;
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
  form.addEventListener("change", function () {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 1500);
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") save(true);
  });
  window.addEventListener("pagehide", function () { save(true); });
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
