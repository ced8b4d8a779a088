// The plan editor (issue 18.7): while a yearly target is typed, say what it does to the target
// for the whole period. The server asks again before saving; this only tells it early.
(function () {
  "use strict";
  var hint = document.getElementById("target-hint");
  var input = document.getElementById("id_target");
  if (!hint || !input) {
    return;
  }
  var shown = hint.textContent;
  var factor = Number(hint.dataset.factor);
  var before = hint.dataset.target;

  function parse(text) {
    var compact = text.trim().replace(/\s/g, "");
    if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(compact)) {
      compact = compact.replace(/\./g, "").replace(",", ".");
    } else {
      compact = compact.replace(",", ".");
    }
    return compact === "" ? NaN : Number(compact);
  }

  function danish(number) {
    var rounded = Math.round(number * 100) / 100;
    return rounded.toLocaleString("da-DK");
  }

  function update() {
    var value = parse(input.value);
    if (isNaN(value) || input.value.trim() === before) {
      hint.textContent = shown;
      return;
    }
    hint.textContent =
      "Med " + danish(value) + " pr. planår bliver målet for hele perioden " +
      danish(value * factor) + " (står nu til " + hint.dataset.period + "), og teksten nævner " +
      "måske stadig " + before + ". Du bliver spurgt om begge, før der gemmes.";
  }

  input.addEventListener("input", update);
})();
