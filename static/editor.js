// editor.js: progressive enhancement for the survey editor's pages. The pages
// work without it: a JSON definition is pasted into the text area. With it,
// a chosen JSON file fills the text area, and any other file (an XLSForm
// .xlsx) is sent as it is to the server, which says what it made of it.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[type=file][data-fills]");
  function say(input, text) {
    var out = document.getElementById(input.getAttribute("data-status"));
    if (out) out.textContent = text;
  }
  function send(input, file) {
    var csrf = input.form.querySelector('input[name="csrf"]');
    say(input, "送信しています…");
    fetch(input.getAttribute("data-upload"), {method: "POST", body: file, credentials: "same-origin",
      headers: {"Accept": "application/json", "X-CSRF-Token": csrf ? csrf.value : "",
                "Content-Type": file.type || "application/octet-stream"}})
      .then(function (r) {
        if (r.ok && r.redirected) { window.location.href = r.url; return null; }
        return r.json().then(function (j) {
          say(input, (j.errors && j.errors[0] && j.errors[0].message) || "読み込めませんでした。");
        });
      })
      .catch(function () { say(input, "送信できませんでした。通信状態を確かめてください。"); });
  }
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("change", function (e) {
      var input = e.target, file = input.files && input.files[0];
      var target = document.getElementById(input.getAttribute("data-fills"));
      if (!file || !target) return;
      if (!/\.json$/i.test(file.name)) { send(input, file); return; }
      var reader = new FileReader();
      reader.onload = function () { target.value = reader.result; say(input, ""); };
      reader.readAsText(file);
    });
  }
})();
