// The header's menu (base.html) is a <details>: folded on phones, opened here on wide screens
// (the stylesheet's 64rem). Without JavaScript the «Menu» button opens it at any width.
(function () {
  "use strict";
  var menu = document.getElementById("site-menu");
  if (!menu || !window.matchMedia) {
    return;
  }
  var wide = window.matchMedia("(min-width: 64rem)");
  function follow() {
    menu.open = wide.matches;
  }
  follow();
  wide.addEventListener("change", follow);
})();
