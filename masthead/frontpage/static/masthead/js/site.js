/* Masthead reader site: small progressive enhancements. The page works without it.
 *
 * 1. <time datetime data-relative> gets relative text ("8m", "2h", "3d"; in
 *    Bangla "৮ মিনিট আগে" with Bengali digits, from Intl.RelativeTimeFormat), so
 *    cached HTML (absolute times, rendered once) still reads as fresh.
 * 2. The "More" sections menu (<details>) closes on Escape or an outside click.
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "en";
  var english = lang.slice(0, 2) === "en";
  var rtf = null;
  var nowText = null;
  // The edition's own digits ("৮ মিনিট আগে"), whatever the browser's default.
  var DIGITS = { bn: "beng" };
  if (!english && window.Intl && Intl.RelativeTimeFormat) {
    var options = { numeric: "always", style: "narrow" };
    var digits = DIGITS[lang.slice(0, 2)];
    if (digits) {
      options.numberingSystem = digits;
    }
    rtf = new Intl.RelativeTimeFormat(lang, options);
    // "now" in the edition's words ("এখন"), not "0 minutes ago".
    nowText = new Intl.RelativeTimeFormat(lang, { numeric: "auto" }).format(0, "second");
  }
  var UNITS = [
    ["d", "day", 86400],
    ["h", "hour", 3600],
    ["m", "minute", 60],
  ];

  function relative(seconds) {
    if (seconds < 60) {
      return english ? "now" : nowText;
    }
    if (seconds >= 7 * 86400) {
      return null; // a week or older: keep the date
    }
    for (var i = 0; i < UNITS.length; i++) {
      var size = UNITS[i][2];
      if (seconds >= size) {
        var n = Math.floor(seconds / size);
        if (english) {
          return n + UNITS[i][0];
        }
        return rtf ? rtf.format(-n, UNITS[i][1]) : null;
      }
    }
    return null;
  }

  function refresh() {
    var now = Date.now();
    var nodes = document.querySelectorAll("time[data-relative]");
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      var when = Date.parse(node.getAttribute("datetime"));
      if (isNaN(when)) {
        continue;
      }
      if (!node.hasAttribute("data-absolute")) {
        node.setAttribute("data-absolute", node.textContent);
      }
      var text = relative(Math.max(0, (now - when) / 1000));
      node.textContent = text || node.getAttribute("data-absolute");
    }
  }

  function menus() {
    var open = function () {
      return document.querySelectorAll("details.section-nav__more[open]");
    };
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") {
        return;
      }
      var details = open();
      for (var i = 0; i < details.length; i++) {
        details[i].removeAttribute("open");
        details[i].querySelector("summary").focus();
      }
    });
    document.addEventListener("click", function (event) {
      var details = open();
      for (var i = 0; i < details.length; i++) {
        if (!details[i].contains(event.target)) {
          details[i].removeAttribute("open");
        }
      }
    });
  }

  refresh();
  window.setInterval(refresh, 60000);
  menus();
})();
