// Check-in: keep the code field focused so a USB/Bluetooth scanner (which types the code and Enter)
// can check people in one after another. The page works without this script.
(function () {
  "use strict";
  var input = document.getElementById("code");
  if (!input) { return; }
  input.setAttribute("autocomplete", "off");
  input.setAttribute("autocapitalize", "characters");
  input.focus();
})();
