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

  function holds(rule) {
    var values = chosen(rule.question);
    var target = document.getElementById("q-" + rule.question);
    if (target && target.hidden) return false;
    if (rule.equals !== undefined) return values.indexOf(rule.equals) >= 0;
    var list = rule.any_of || rule.none_of || [];
    var hit = list.some(function (v) { return values.indexOf(v) >= 0; });
    return rule.any_of ? hit : !hit;
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
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
