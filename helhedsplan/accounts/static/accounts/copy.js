// «Kopiér link» beside a link shown once (the invitation link on /personer/). Without JavaScript
// the button stays hidden and the link is selectable text in its read-only field.
(function () {
  "use strict";

  function selectAll(field) {
    field.focus();
    field.select();
    field.setSelectionRange(0, field.value.length);
  }

  function say(status, text) {
    // Emptied first, so the same words are announced again on a second click.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copy(field) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(field.value);
    }
    // An address without https: the older way, from the selected text.
    selectAll(field);
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field || !status) return;
    var row = button.closest("[data-copy-row]");
    if (row) row.hidden = false;
    button.addEventListener("click", function () {
      copy(field).then(
        function () { say(status, "Linket er kopieret"); },
        function () {
          selectAll(field);
          say(status, "Linket kunne ikke kopieres. Det er markeret: kopiér det med Ctrl+C (Cmd+C på Mac) eller et langt tryk.");
        }
      );
    });
  });
})();
