/* Audience beacons for the article page (masthead/audience).
 *
 * The page may come from the page cache or a CDN, so the browser reports:
 *  - a view, once, when the page is first shown (not while it is prerendered
 *    or opened in a background tab);
 *  - a read, once, when the reader engaged: the end of the story has been on
 *    screen and the page visible for at least 10 seconds in all, or the page
 *    has been visible for half the story's reading time (230 words a minute),
 *    at least 15 seconds and at most 2 minutes.
 * Each is one small POST to the API (navigator.sendBeacon, or fetch with
 * keepalive); no cookie is set and nothing else is sent.
 */
(function () {
  "use strict";

  var WORDS_PER_MINUTE = 230;
  var END_SEEN_SECONDS = 10;
  var MIN_STAY_SECONDS = 15;
  var MAX_STAY_SECONDS = 120;

  var story = document.querySelector("article.story[data-article-id][data-beacon]");
  if (!story) {
    return;
  }
  var url = story.getAttribute("data-beacon");
  var id = parseInt(story.getAttribute("data-article-id"), 10);
  if (!url || !(id > 0)) {
    return;
  }

  function send(kind) {
    var body = JSON.stringify({ story: id, kind: kind });
    try {
      if (navigator.sendBeacon &&
          navigator.sendBeacon(url, new Blob([body], { type: "text/plain" }))) {
        return;
      }
    } catch (e) {
      /* fall back to fetch */
    }
    if (window.fetch) {
      window.fetch(url, {
        method: "POST",
        body: body,
        keepalive: true,
        credentials: "omit",
        headers: { "Content-Type": "text/plain" }
      }).catch(function () {});
    }
  }

  function stayNeeded() {
    var bodyEl = story.querySelector(".story__body");
    var words = bodyEl ? (bodyEl.textContent || "").split(/\s+/).filter(Boolean).length : 0;
    var half = (words / WORDS_PER_MINUTE) * 60 / 2;
    return Math.min(MAX_STAY_SECONDS, Math.max(MIN_STAY_SECONDS, half));
  }

  var viewed = false;
  var read = false;
  var endSeen = false;
  var visibleSeconds = 0;
  var needed = stayNeeded();
  var ticker = null;

  function check() {
    if (read || !viewed) {
      return;
    }
    if ((endSeen && visibleSeconds >= END_SEEN_SECONDS) || visibleSeconds >= needed) {
      read = true;
      send("read");
      stop();
    }
  }

  var end = story.querySelector(".story__end");

  // The end of the story has been reached once it is on screen or above it:
  // looked at every second rather than by an IntersectionObserver, which
  // says nothing when a reader jumps past it (to the comments, the foot).
  function reachedEnd() {
    return !!end && end.getBoundingClientRect().top < window.innerHeight;
  }

  function tick() {
    if (document.visibilityState === "visible") {
      visibleSeconds += 1;
      endSeen = endSeen || reachedEnd();
      check();
    }
  }

  function start() {
    if (ticker === null && !read) {
      ticker = window.setInterval(tick, 1000);
    }
  }

  function stop() {
    if (ticker !== null) {
      window.clearInterval(ticker);
      ticker = null;
    }
  }

  function shown() {
    if (document.prerendering || document.visibilityState !== "visible") {
      return;
    }
    if (!viewed) {
      viewed = true;
      send("view");
    }
    start();
    check();
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      shown();
    } else {
      stop();
    }
  });
  document.addEventListener("prerenderingchange", shown);
  shown();
})();
