/**
 * @module The report's only script, inlined and allowed by its hash in the Content-Security-Policy. It filters
 * the findings table by hiding rows (search text, severities, principle) and opens a collapsed `<details>` when a
 * link points inside it. It reads the page through DOM properties and writes only `hidden`, `open` and
 * `textContent`: it never builds markup, so nothing from the report can become HTML here. Without JavaScript
 * the filters stay hidden and every row is visible.
 */

export const SCRIPT = `
(function () {
  'use strict';
  function openAround(el) {
    for (var d = el && el.closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;
  }
  function openId(id) {
    try { id = decodeURIComponent(id); } catch (e) { return; }
    if (id) openAround(document.getElementById(id));
  }
  window.addEventListener('hashchange', function () { openId(location.hash.slice(1)); });
  document.addEventListener('click', function (event) {
    var a = event.target && event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (a) openId(a.getAttribute('href').slice(1));
  });
  openId(location.hash.slice(1));

  var form = document.getElementById('filters');
  var table = document.getElementById('findings-table');
  if (!form || !table || !table.tBodies[0]) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var texts = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var search = document.getElementById('f-search');
  var principle = document.getElementById('f-principle');
  var boxes = Array.prototype.slice.call(form.querySelectorAll('input[name="severity"]'));
  var status = document.getElementById('filter-status');

  function apply() {
    var terms = search.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = {};
    boxes.forEach(function (box) { if (box.checked) wanted[box.value] = true; });
    var p = principle.value;
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var ok = wanted[row.getAttribute('data-severity')] === true &&
        (p === '' || row.getAttribute('data-principle') === p) &&
        terms.every(function (t) { return texts[i].indexOf(t) !== -1; });
      row.hidden = !ok;
      if (ok) shown++;
    }
    status.textContent = shown === rows.length
      ? 'Showing all ' + rows.length + ' rows'
      : 'Showing ' + shown + ' of ' + rows.length + ' rows';
  }

  var timer = 0;
  form.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 80); });
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  form.addEventListener('reset', function () { setTimeout(apply, 0); });
  form.hidden = false;
  apply();
})();
`.trim();
