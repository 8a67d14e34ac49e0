// The public complaint form: identity fields hide for an anonymous complaint, and one click sends once
// (the server also ignores a repeated post of the same form).
(function () {
  "use strict";
  var box = document.getElementById("id_is_anonymous");
  var fields = document.getElementById("identity-fields");
  var form = document.getElementById("complaint-form");
  function sync() { fields.hidden = box.checked; }
  if (box && fields) { box.addEventListener("change", sync); sync(); }
  if (form) { form.addEventListener("submit", function () { document.getElementById("submit-complaint").disabled = true; }); }
})();
