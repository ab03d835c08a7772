// The spreadsheet page, enhanced: click a cell to select it, edit it in place
// (double-click, Enter or just type; Enter saves, Escape cancels), move with the
// arrow keys, tick a checkbox (click, or Space/Enter), pick a filter view. Saving
// submits the page's own form, so the server does exactly what it does without
// this script.
(function () {
  "use strict";
  // gspread and Sheets write the tab as #gid=N (and a filter view as &fvid=N);
  // the server reads ?gid=N&fvid=N.
  var params = new URLSearchParams(location.search);
  var hashed = /gid=(\d+)/.exec(location.hash), view = /fvid=(\d+)/.exec(location.hash);
  if (hashed && !params.has("gid")) {
    params.set("gid", hashed[1]);
    if (view) params.set("fvid", view[1]);
    location.replace(location.pathname + "?" + params.toString());
    return;
  }
  var views = document.getElementById("ss-fvid");
  if (views) views.addEventListener("change", function () { views.form.submit(); });
  var grid = document.getElementById("ss-grid");
  if (!grid) return;
  var form = document.getElementById("ss-form");
  var ref = document.getElementById("ss-ref");
  var cellField = document.getElementById("ss-cell");
  var valueField = document.getElementById("ss-value");
  var choices = document.getElementById("ss-choices");
  var dropdowns = JSON.parse(document.getElementById("ss-dropdowns").textContent);
  var letters = Array.prototype.map.call(grid.querySelectorAll("thead th[data-c]"),
                                         function (th) { return th.dataset.c; });
  var selected = grid.querySelector("td.sel");
  var editing = null;

  function refOf(td) { return letters[td.cellIndex - 1] + td.parentNode.dataset.r; }
  function textOf(td) { return td.dataset.v !== undefined ? td.dataset.v : td.textContent; }
  function listOf(td) { return td.dataset.l !== undefined ? dropdowns[+td.dataset.l] : null; }
  function each(selector, fn) { Array.prototype.forEach.call(document.querySelectorAll(selector), fn); }

  function find(text) {
    var m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec((text || "").trim().toUpperCase());
    if (!m) return null;
    var row = grid.querySelector('tr[data-r="' + m[2] + '"]');
    var col = letters.indexOf(m[1]);
    return row && col >= 0 ? row.cells[col + 1] : null;
  }

  // Keep a selected cell in view below the sticky header and frozen rows.
  function reveal(td) {
    var box = grid.getBoundingClientRect(), cell = td.getBoundingClientRect();
    var top = box.top + grid.clientTop, left = box.left + grid.clientLeft;
    var stickyTop = grid.querySelector("thead").offsetHeight, stickyLeft = 0;
    Array.prototype.forEach.call(grid.querySelectorAll("tbody tr"), function (tr) {
      if (tr.cells[0].classList.contains("fr")) stickyTop += tr.offsetHeight;
    });
    var first = grid.querySelector("tbody tr");
    if (first) Array.prototype.forEach.call(first.cells, function (c) {
      if (c.classList.contains("rh") || c.classList.contains("fc")) stickyLeft += c.offsetWidth;
    });
    if (!td.classList.contains("fr")) {
      if (cell.top < top + stickyTop) grid.scrollTop -= top + stickyTop - cell.top;
      else if (cell.bottom > top + grid.clientHeight) grid.scrollTop += cell.bottom - top - grid.clientHeight;
    }
    if (!td.classList.contains("fc")) {
      if (cell.left < left + stickyLeft) grid.scrollLeft -= left + stickyLeft - cell.left;
      else if (cell.right > left + grid.clientWidth) grid.scrollLeft += cell.right - left - grid.clientWidth;
    }
  }

  function select(td) {
    if (selected) selected.classList.remove("sel");
    selected = td;
    td.classList.add("sel");
    ref.value = refOf(td);
    reveal(td);
    if (!form) {
      each(".ss-readonly", function (e) { e.textContent = textOf(td); });
      return;
    }
    cellField.value = ref.value;
    valueField.value = textOf(td);
    choices.textContent = "";
    var list = listOf(td);
    (list ? list.values : []).forEach(function (v) {
      var option = document.createElement("option");
      option.value = v;
      choices.appendChild(option);
    });
    each(".ss-rowno", function (e) { e.textContent = td.parentNode.dataset.r; });
    each(".ss-colname", function (e) { e.textContent = letters[td.cellIndex - 1]; });
  }

  function save(value) {
    if (!editing || editing.saving) return;
    editing.saving = true;
    cellField.value = refOf(editing.td);
    valueField.value = value;
    form.requestSubmit(document.getElementById("ss-save"));
  }

  function cancel() {
    var was = editing;
    editing = null;
    was.td.classList.remove("editing");
    was.td.innerHTML = was.html;
  }

  // A checkbox saves its other value at once (TRUE/FALSE, or the rule's own two).
  function toggle(td) {
    var box = td.querySelector(".cb");
    if (!form || editing || !box) return false;
    if (td.dataset.w && !window.confirm("Heads up! You are trying to edit part of this sheet that " +
                                         "shouldn't be changed accidentally. Edit anyway?")) return true;
    editing = {td: td, html: td.innerHTML};
    save(box.getAttribute("aria-checked") === "true" ? box.dataset.off : box.dataset.on);
    return true;
  }

  function edit(td, typed) {
    if (!form || editing) return;
    if (td.dataset.w && !window.confirm("Heads up! You are trying to edit part of this sheet that " +
                                         "shouldn't be changed accidentally. Edit anyway?")) return;
    var list = listOf(td), old = textOf(td), box;
    if (list && list.strict) {   // only the list's values, as Sheets' dropdown chip offers
      box = document.createElement("select");
      [""].concat(list.values.indexOf(old) < 0 && old ? [old] : [], list.values).forEach(function (v) {
        var option = document.createElement("option");
        option.value = option.textContent = v;
        box.appendChild(option);
      });
      box.value = old;
      box.addEventListener("change", function () { save(box.value); });
    } else {
      box = document.createElement("input");
      box.value = typed !== undefined ? typed : old;
      if (list) box.setAttribute("list", "ss-choices");
    }
    box.className = "ss-editor";
    box.setAttribute("aria-label", "Edit " + refOf(td));
    editing = {td: td, box: box, old: old, html: td.innerHTML};
    td.classList.add("editing");
    td.textContent = "";
    td.appendChild(box);
    box.focus();
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); save(box.value); }
      else if (e.key === "Escape") { e.preventDefault(); cancel(); }
    });
    box.addEventListener("blur", function () {   // clicking away keeps a change, as in Sheets
      if (editing && editing.box === box && !editing.saving) {
        if (box.value !== old) save(box.value); else cancel();
      }
    });
  }

  function move(dRow, dCol) {
    if (!selected) return;
    var tr = selected.parentNode, index = selected.cellIndex;
    if (dRow) tr = dRow < 0 ? tr.previousElementSibling : tr.nextElementSibling;
    index = Math.max(1, index + dCol);
    if (tr && tr.cells[index]) select(tr.cells[index]);
  }

  grid.addEventListener("click", function (e) {
    var td = e.target.closest("td");
    if (td && !td.classList.contains("editing")) select(td);
    if (td && e.target.classList.contains("cb")) toggle(td);
  });
  grid.addEventListener("dblclick", function (e) {
    var td = e.target.closest("td");
    // A link opened on the first click; a checkbox toggled on it.
    if (!td || e.target.closest("a") || td.querySelector(".cb")) return;
    select(td);
    edit(td);
  });
  document.addEventListener("keydown", function (e) {
    if (editing || !selected || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.target.closest && e.target.closest("input, select, textarea, button, a")) return;
    var moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1],
                 Tab: [0, e.shiftKey ? -1 : 1]};
    if (moves[e.key]) { e.preventDefault(); move(moves[e.key][0], moves[e.key][1]); }
    else if ((e.key === " " || e.key === "Enter") && selected.querySelector(".cb")) {
      e.preventDefault();
      toggle(selected);
    }
    else if (e.key === "Enter" || e.key === "F2") { e.preventDefault(); edit(selected); }
    else if ((e.key === "Delete" || e.key === "Backspace") && form) {
      e.preventDefault();
      editing = {td: selected, html: selected.innerHTML};
      save("");
    } else if (e.key.length === 1) { e.preventDefault(); edit(selected, e.key); }
  });
  // The name box: a cell on this page is selected at once; others load their page.
  document.getElementById("ss-go").addEventListener("submit", function (e) {
    var td = find(ref.value);
    if (td) { e.preventDefault(); select(td); }
  });

  if (selected) select(selected);
})();
