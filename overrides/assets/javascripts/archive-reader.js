/* What a document page can only know in the reader's browser (overrides/partials/content.html):
 *
 * - the access date of the citation: the reader's today (without scripts the placeholder
 *   YYYY-MM-DD stays, for the reader to fill in);
 * - the citation's address, when the site was built without its address (site_url): the one
 *   the reader has the page at, on http(s) (from file:// the site's path stays);
 * - a way back to the page of the archive the reader came from: document.referrer when it is
 *   a page of this site; from file://, where browsers give no referrer, the page this tab
 *   showed before (sessionStorage).
 */
(function () {
  "use strict";

  var PREVIOUS = "archive:previous-page";

  function isoDate(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate());
  }

  function withoutHash(url) {
    return String(url).split("#")[0];
  }

  function fillAccessDates() {
    var today = isoDate(new Date());
    document.querySelectorAll("[data-archive-today]").forEach(function (time) {
      time.textContent = today;
      time.setAttribute("datetime", today);
    });
  }

  function fillAddresses() {
    if (!/^https?:$/.test(location.protocol)) return;
    document.querySelectorAll("[data-archive-cite-url][data-archive-relative]").forEach(function (link) {
      link.textContent = link.href;
    });
  }

  /* The previous page of this tab, and this one recorded for the next. */
  function previousPage() {
    var previous = null;
    try {
      previous = sessionStorage.getItem(PREVIOUS);
      sessionStorage.setItem(PREVIOUS, location.href);
    } catch (error) {
      // storage refused (privacy settings): the referrer alone
    }
    return document.referrer || previous;
  }

  function showWayBack(from) {
    var back = document.querySelector("[data-archive-back]");
    if (!back || !from) return;
    var root = new URL(back.getAttribute("data-archive-root"), location.href).href;
    if (withoutHash(from).indexOf(root) !== 0) return;
    // the page in the site, whatever its language: the same page in another language (the
    // switcher) is no way back; the home and browse pages are lists, others just "back"
    function inSite(url) {
      return new URL(url).pathname.slice(new URL(root).pathname.length).replace(/^(zh-Hant|en)\//, "");
    }
    var path = inSite(from);
    if (path === inSite(location.href)) return;
    var list = /^(index\.html|browse\/[^/]+\.html)?$/.test(path);
    back.textContent = back.getAttribute(list ? "data-label-list" : "data-label-page");
    back.href = from;
    back.hidden = false;
    back.closest("[data-archive-wayback]").hidden = false;
    back.addEventListener("click", function (event) {
      // the browser's own back keeps the list's scroll position and the search box's state
      if (history.length > 1 && document.referrer) {
        event.preventDefault();
        history.back();
      }
    });
  }

  fillAccessDates();
  fillAddresses();
  showWayBack(previousPage());
})();
