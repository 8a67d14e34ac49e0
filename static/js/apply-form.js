// The online request form: a second click while the first post is on its way sends nothing;
// the server ignores repeats anyway.
(function () {
  "use strict";
  var form = document.getElementById("apply-form");
  if (!form) { return; }
  form.addEventListener("submit", function (event) {
    var button = document.getElementById("send-request");
    if (button.dataset.sending) { event.preventDefault(); return; }
    button.dataset.sending = "1";
    button.classList.add("disabled");
    button.setAttribute("aria-disabled", "true");
  });
})();
