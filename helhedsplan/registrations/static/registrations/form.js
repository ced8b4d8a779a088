// The registration form (registrations/form.html). Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  var form = document.querySelector("form[data-registration-form]");
  if (!form) {
    return;
  }

  // 1. A form that was sent is never sent as new from the browser's history. The page is not
  // kept by the browser (Cache-Control: no-store), so the back button fetches it again, with a
  // fresh one-time token; the token the page was sent with is kept in its history entry and put
  // back here, so that "Gem" meets the spent token and the server answers "allerede gemt".
  // Back on such a page, it is fetched again once more with ?sendt=TOKEN, so that the server can
  // say at once whether it was saved and link to the result (the form then keeps the token).
  var token = form.querySelector("input[name=form_token]");
  if (token) {
    var state = window.history.state;
    if (state && state.sentFormToken && state.sentFormToken !== token.value) {
      token.value = state.sentFormToken;
      var here = new URL(window.location.href);
      if (!here.searchParams.has("sendt") && form.hasAttribute("data-asks-if-sent")) {
        here.searchParams.set("sendt", state.sentFormToken);
        window.location.replace(here.toString());
        return;
      }
    }
    form.addEventListener("submit", function () {
      var next = {};
      var old = window.history.state || {};
      Object.keys(old).forEach(function (name) {
        next[name] = old[name];
      });
      next.sentFormToken = token.value;
      window.history.replaceState(next, "");
    });
  }

  // 2. The criteria ticked in advance follow the chosen type (each box names its types in
  // data-counts-for), until the person ticks or unticks one by hand.
  var kind = form.querySelector("select[name=kind]");
  var boxes = Array.prototype.slice.call(
    form.querySelectorAll("input[name=criteria][data-counts-for]")
  );
  if (!kind || !boxes.length) {
    return;
  }
  // A form shown again with errors keeps the person's own ticks: only a fresh form follows the type.
  var touched = document.getElementById("fejl") !== null;
  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      touched = true;
    });
  });
  function follow() {
    if (touched) {
      return;
    }
    boxes.forEach(function (box) {
      box.checked = box.getAttribute("data-counts-for").split(" ").indexOf(kind.value) !== -1;
    });
  }
  kind.addEventListener("change", follow);
  // A type chosen before this file ran (a slow phone) is followed now.
  var chosen = kind.options[kind.selectedIndex];
  if (chosen && !chosen.defaultSelected) {
    follow();
  }
})();
