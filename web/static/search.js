// The search page works without this script; it only adds a keyboard shortcut:
// "/" moves to the search box from anywhere that is not itself a text field.
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var box = document.getElementById("q");
    if (typing || !box) return;
    event.preventDefault();
    box.focus();
    box.select();
  });
})();
