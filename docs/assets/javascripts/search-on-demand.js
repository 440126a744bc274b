/* Search on demand: the site's search index (every page's text) loads when a reader opens
 * search, not with every page.
 *
 * Material for MkDocs requests search/search_index.json as soon as a page opens, and most
 * visits never search: on a phone that is the largest part of the first load. Runs before
 * Material's bundle and holds back that one request (Material makes it with XMLHttpRequest)
 * until the reader opens search: the search button or box, or a key that opens it. If
 * Material ever fetches the index another way, nothing here applies and the index simply
 * loads with the page, as before. From file:// Material loads search_index.js instead, and
 * this changes nothing.
 */
(function () {
  "use strict";
  var INDEX = /\/search\/search_index\.json$/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var released = false;

  function release() {
    if (released) return;
    released = true;
    held.forEach(function (call) { send.apply(call[0], call[1]); });
    held = [];
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    var path = new URL(String(url), document.baseURI).pathname;
    this.mstpHeld = !released && String(method).toUpperCase() === "GET" && INDEX.test(path);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.mstpHeld && !released) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  // A search in the address (?q=…) opens search at once.
  if (/[?&]q=/.test(location.search)) release();
  function opensSearch(target) {
    return target instanceof Element &&
      target.closest("label[for='__search'], .md-search, #__search") !== null;
  }
  document.addEventListener("pointerdown", function (event) {
    if (opensSearch(event.target)) release();
  }, true);
  document.addEventListener("focusin", function (event) {
    if (opensSearch(event.target)) release();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "__search") release();
  }, true);
  // Material's keys for search: "/", "s" and "f" (outside a text field).
  document.addEventListener("keydown", function (event) {
    if (event.key === "/" || event.key === "s" || event.key === "f") release();
  }, true);
})();
