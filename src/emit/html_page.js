/* chkc fillable checklist: state in localStorage, live progress, run
 * export and import.  The same script serves every checklist; what it
 * needs to know is in the JSON block #chk_data. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('chk_data').textContent);
  var L = D.labels;
  var form = document.getElementById('chk_form');
  var PREFIX = 'chkc:' + D.project + '/' + D.checklist + ':';
  var idx = {};          /* control name -> elements */
  var unitEls = {};      /* item path -> its <li> */
  var sections = [];     /* [{el, paths}] */
  var state;             /* the run, in run format (doc/format.md §3) */
  var store = null;

  function $(id) { return document.getElementById(id); }
  function own(o, k) { return Object.prototype.hasOwnProperty.call(o, k); }
  function pad(n) { return (n < 10 ? '0' : '') + n; }

  try {
    store = window.localStorage;
    store.setItem('chkc:probe', '1');
    store.removeItem('chkc:probe');
  } catch (e) {
    store = null;
  }

  /* ---- times: ISO 8601 with the local offset, as runs keep them ---- */
  function iso(d) {
    var off = -d.getTimezoneOffset(), a = Math.abs(off);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) +
      'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) +
      (off < 0 ? '-' : '+') + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
  }
  function toIso(local) {       /* datetime-local value -> ISO with offset */
    var d = new Date(local);
    return isNaN(d.getTime()) ? local : iso(d);
  }
  function fromIso(s) {         /* ISO -> datetime-local value */
    var d = new Date(String(s));
    if (isNaN(d.getTime()))
      return String(s).slice(0, 16);
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) +
      'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
  }

  /* ---- the controls ---- */

  /* The N/A and failed toggles of check li and their reason and note
   * fields, made from the page's one template (the page sends a check
   * as its box and text only).  Ids follow the check's box: c_N-n,
   * c_N-f, c_N-nr, c_N-fn; the toggles are described by its text. */
  var MARKS = [[':na', '-n'], [':failed', '-f'], [':na-reason', '-nr'],
    [':failed-note', '-fn']];
  function addMarks(li, tpl) {
    var line = li.querySelector(':scope > .line'), box = line.querySelector('.done');
    var p = li.getAttribute('data-unit'), frag = tpl.content.cloneNode(true);
    var ins = frag.querySelectorAll('input'), lbs = frag.querySelectorAll('label'), i;
    line.querySelector('.text').id = box.id + '-l';
    for (i = 0; i < ins.length; i++) {
      ins[i].id = box.id + MARKS[i][1];
      ins[i].name = p + MARKS[i][0];
      lbs[i].htmlFor = ins[i].id;
      if (i < 2)
        ins[i].setAttribute('aria-describedby', box.id + '-l');
    }
    line.appendChild(frag.firstElementChild);
    li.insertBefore(frag, line.nextSibling);
  }
  function marks() {
    var tpl = $('chk_marks'), lis = form.querySelectorAll('li.check'), i;
    for (i = 0; i < lis.length; i++)
      if (!lis[i].querySelector(':scope > .line > .marks'))
        addMarks(lis[i], tpl);
  }

  /* The countable items, in page order: {p: path, k: check | field,
   * t: the type of its field}. */
  function units() {
    var els = form.querySelectorAll('[data-unit]'), i, u = [];
    for (i = 0; i < els.length; i++)
      u.push({ p: els[i].getAttribute('data-unit'),
        k: els[i].classList.contains('check') ? 'check' : 'field',
        t: els[i].getAttribute('data-t') || undefined });
    return u;
  }

  function index() {
    var i, e;
    idx = {};
    for (i = 0; i < form.elements.length; i++) {
      e = form.elements[i];
      if (!e.name)
        continue;
      (idx[e.name] = idx[e.name] || []).push(e);
    }
  }
  function first(name) { return (idx[name] || [])[0] || null; }
  function isBox(e) { return e.type === 'checkbox' || e.type === 'radio'; }

  /* The value of field control(s) name of type t, undefined if empty. */
  function read(name, t) {
    var els = idx[name] || [], v = [], i, n;
    if (!els.length)
      return undefined;
    if (t === 'bool')
      return els[0].checked ? true : undefined;
    if (t === 'choice' || t === 'multichoice') {
      for (i = 0; i < els.length; i++)
        if (els[i].checked)
          v.push(els[i].value);
      if (!v.length)
        return undefined;
      return t === 'choice' ? v[0] : v;
    }
    v = els[0].value;
    if (v === '')
      return undefined;
    if (t === 'number') {
      n = Number(v);
      return isFinite(n) ? n : v;
    }
    return t === 'datetime' ? toIso(v) : v;
  }

  function write(name, t, v) {
    var els = idx[name] || [], list, i;
    list = Array.isArray(v) ? v.map(String) :
      v === undefined || v === null ? [] : String(v).split('\n');
    for (i = 0; i < els.length; i++) {
      if (isBox(els[i]))
        els[i].checked = t === 'bool' ? (v === true || v === 'true') :
          list.indexOf(els[i].value) >= 0;
      else
        els[i].value = v === undefined || v === null ? '' :
          t === 'datetime' ? fromIso(v) : String(v);
    }
  }

  function setBox(name, on) {
    var e = first(name);
    if (e)
      e.checked = !!on;
  }
  function text(name) {
    var e = first(name);
    return e ? e.value.trim() : '';
  }

  /* ---- tables: rows of cells; tables without labels may grow ---- */
  function tableEl(path) {
    var t = form.querySelectorAll('table[data-table]'), i;
    for (i = 0; i < t.length; i++)
      if (t[i].getAttribute('data-table') === path)
        return t[i];
    return null;
  }
  function addRow(tb) {
    var el = tableEl(tb.p), body = el.tBodies[0], last, row, ins, r, i;
    last = body.rows[body.rows.length - 1];
    row = last.cloneNode(true);
    r = body.rows.length;
    ins = row.querySelectorAll('input');
    for (i = 0; i < ins.length; i++) {
      ins[i].name = tb.p + '[' + r + '][' + i + ']';
      ins[i].value = '';
      ins[i].setAttribute('aria-label',
        ins[i].getAttribute('aria-label').replace(/\d+$/, String(r + 1)));
    }
    body.appendChild(row);
    tb.r = r + 1;
    index();
    return ins[0];
  }
  function readTable(tb) {
    var rows = [], last = -1, r, c, row, v;
    for (r = 0; r < tb.r; r++) {
      row = [];
      for (c = 0; c < tb.c; c++) {
        v = text(tb.p + '[' + r + '][' + c + ']');
        if (v !== '')
          last = r;
        row.push(v);
      }
      rows.push(row);
    }
    return last < 0 ? undefined : rows.slice(0, last + 1);
  }
  function writeTable(tb, rows) {
    var r, c;
    rows = Array.isArray(rows) ? rows : [];
    while (tb.g && tb.r < rows.length)
      addRow(tb);
    for (r = 0; r < tb.r; r++)
      for (c = 0; c < tb.c; c++)
        write(tb.p + '[' + r + '][' + c + ']', 'text',
          Array.isArray(rows[r]) && rows[r][c] !== undefined && rows[r][c] !== null ?
            String(rows[r][c]) : '');
  }

  /* ---- page <-> run ---- */
  function unitRecord(u) {
    var rec = {}, v;
    if (u.k === 'field') {
      v = read(u.p, u.t);
      if (v !== undefined)
        rec.value = v;
      return rec;
    }
    if (first(u.p) && first(u.p).checked)
      rec.done = true;
    if (u.t && (v = read(u.p + ':value', u.t)) !== undefined)
      rec.value = v;
    if (first(u.p + ':na') && first(u.p + ':na').checked)
      rec.na = text(u.p + ':na-reason') || L.na;
    if (first(u.p + ':failed') && first(u.p + ':failed').checked)
      rec.failed = text(u.p + ':failed-note') || L.failed;
    return rec;
  }

  /* Compare answers without their time and author, values as text and
   * times as instants (a run may have been written in another zone). */
  function same(a, b) {
    var T = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/;
    function norm(r) {
      var o = {}, k, v;
      for (k in r) {
        if (!own(r, k) || k === 'at' || k === 'by' || (k === 'done' && !r[k]))
          continue;
        v = Array.isArray(r[k]) ? r[k].join('\n') : String(r[k]);
        o[k] = T.test(v) ? String(Date.parse(v)) : v;
      }
      return JSON.stringify(o, Object.keys(o).sort());
    }
    return !!a && !!b && norm(a) === norm(b);
  }

  /* The run the page shows now; times and authors are kept from prev
   * for answers that did not change, and set now for those that did. */
  function collect(prev) {
    var run = { run: D.project + '/' + D.checklist, checklist: D.hash,
      revision: D.revision, fields: {}, items: {}, tables: {}, signoff: {} };
    var now = iso(new Date()), by = $('chk_by').value.trim(), v, i;
    var old = (prev && prev.items) || {}, olds = (prev && prev.signoff) || {};
    D.head.forEach(function (f) {
      if ((v = read(f.p, f.t)) !== undefined)
        run.fields[f.id] = v;
    });
    D.units.forEach(function (u) {
      var rec = unitRecord(u), p = old[u.p];
      if (!Object.keys(rec).length)
        return;
      if (same(rec, p)) {
        if (p.by) rec.by = p.by;
        if (p.at) rec.at = p.at;
      } else {
        if (by) rec.by = by;
        rec.at = now;
      }
      run.items[u.p] = rec;
    });
    D.tables.forEach(function (tb) {
      if ((v = readTable(tb)) !== undefined)
        run.tables[tb.p] = v;
    });
    for (i = 0; i < D.signoff.length; i++) {
      v = D.signoff[i];
      var name = text(v.n + ':name'), at = read(v.n + ':at', 'datetime');
      if (!name && !at)
        continue;
      /* A role signed with a key (read-only here) keeps its signature
       * and the time it signs, to the second. */
      if (olds[v.r] && olds[v.r].signature && olds[v.r].name === name) {
        run.signoff[v.r] = { name: name, at: olds[v.r].at,
          principal: olds[v.r].principal, key: olds[v.r].key,
          signature: olds[v.r].signature };
        continue;
      }
      run.signoff[v.r] = { name: name };
      if (at)
        run.signoff[v.r].at = at;
      else if (olds[v.r] && olds[v.r].name === name && olds[v.r].at)
        run.signoff[v.r].at = olds[v.r].at;
    }
    if ((v = read('outcome', 'choice')) !== undefined)
      run.outcome = v;
    if ((v = text('notes')) !== '')
      run.notes = v;
    return run;
  }

  function blank() {
    var i, e;
    for (i = 0; i < form.elements.length; i++) {
      e = form.elements[i];
      if (isBox(e))
        e.checked = false;
      else if (e.tagName !== 'BUTTON' && e.type !== 'file')
        e.value = '';
    }
  }

  /* Show run r in the controls; paths the page does not have are
   * ignored (collect() drops them). */
  function apply(r) {
    var items = (r && r.items) || {}, fields = (r && r.fields) || {};
    var tables = (r && r.tables) || {}, sig = (r && r.signoff) || {};
    blank();
    D.head.forEach(function (f) {
      if (own(fields, f.id))
        write(f.p, f.t, fields[f.id]);
    });
    D.units.forEach(function (u) {
      var a = own(items, u.p) ? items[u.p] : null;
      if (!a || typeof a !== 'object')
        return;
      if (u.k === 'field') {
        write(u.p, u.t, a.value);
        return;
      }
      setBox(u.p, a.done === true || a.done === 'true');
      if (u.t)
        write(u.p + ':value', u.t, a.value);
      setBox(u.p + ':na', a.na !== undefined && a.na !== null && a.na !== false);
      write(u.p + ':na-reason', 'text', typeof a.na === 'string' && a.na !== L.na ? a.na : '');
      setBox(u.p + ':failed', a.failed !== undefined && a.failed !== null && a.failed !== false);
      write(u.p + ':failed-note', 'text',
        typeof a.failed === 'string' && a.failed !== L.failed ? a.failed : '');
    });
    D.tables.forEach(function (tb) { writeTable(tb, tables[tb.p]); });
    D.signoff.forEach(function (s) {
      var a = own(sig, s.r) ? sig[s.r] : null;
      write(s.n + ':name', 'text', a && a.name);
      write(s.n + ':at', 'datetime', a && a.at);
    });
    write('outcome', 'choice', r && r.outcome);
    write('notes', 'text', r && r.notes);
  }

  /* ---- progress ---- */
  function stateOf(u) {
    var a = state.items[u.p];
    if (!a)
      return 'open';
    if (a.failed !== undefined)
      return 'failed';
    if (a.na !== undefined)
      return 'na';
    if (u.k === 'check' ? a.done : a.value !== undefined)
      return 'done';
    return 'open';
  }

  function update() {
    var n = { done: 0, open: 0, failed: 0, na: 0 }, st = {}, k, bar, out;
    D.units.forEach(function (u) {
      var s = stateOf(u);
      st[u.p] = s;
      n[s]++;
      if (unitEls[u.p])
        unitEls[u.p].setAttribute('data-state', s);
    });
    for (k in n)
      if (own(n, k) && (out = form.ownerDocument.querySelector('[data-count="' + k + '"]')))
        out.textContent = String(n[k]);
    bar = $('chk_progress');
    bar.max = Math.max(D.units.length, 1);
    bar.value = n.done + n.na;
    sections.forEach(function (s) {
      var done = 0;
      s.paths.forEach(function (p) {
        if (st[p] === 'done' || st[p] === 'na')
          done++;
      });
      s.out.textContent = done + '/' + s.paths.length;
    });
  }

  /* ---- storage ---- */
  function save() {
    if (!store)
      return;
    try {
      store.setItem(D.key, JSON.stringify(state));
    } catch (e) {
      say(L['storage-off']);
    }
  }
  function load(key) {
    try {
      var o = JSON.parse(store.getItem(key));
      return o && typeof o === 'object' ? o : null;
    } catch (e) {
      return null;
    }
  }
  function say(msg) { $('chk_message').textContent = msg; }

  function download(obj, name) {
    var blob = new Blob([JSON.stringify(obj, null, 2) + '\n'], { type: 'application/json' });
    var a = document.createElement('a'), url = URL.createObjectURL(blob);
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function fileName(r) {
    var d = new Date();
    return D.project + '-' + D.checklist + '-r' + (r.revision || 0) + '-' + d.getFullYear() +
      pad(d.getMonth() + 1) + pad(d.getDate()) + '-' + pad(d.getHours()) +
      pad(d.getMinutes()) + '.run.json';
  }

  /* Saved progress of another revision of this checklist is never
   * applied: the page says so and offers it as a file. */
  function stale() {
    var found = [], i, k, o, box = $('chk_stale');
    if (!store)
      return;
    for (i = 0; i < store.length; i++) {
      k = store.key(i);
      if (k && k.indexOf(PREFIX) === 0 && k !== D.key && (o = load(k)) &&
          o.checklist !== D.hash)
        found.push({ key: k, run: o });
    }
    box.textContent = '';
    box.hidden = !found.length;
    if (!found.length)
      return;
    var p = document.createElement('p');
    p.textContent = L.stale;
    box.appendChild(p);
    found.forEach(function (f) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = L['download-old'] + ' (' + L.revision + ' ' + f.run.revision + ', ' +
        String(f.run.checklist).slice(0, 19) + ')';
      b.addEventListener('click', function () { download(f.run, fileName(f.run)); });
      box.appendChild(b);
    });
    var del = document.createElement('button');
    del.type = 'button';
    del.textContent = L.discard;
    del.addEventListener('click', function () {
      if (!window.confirm(L['confirm-discard']))
        return;
      found.forEach(function (f) { store.removeItem(f.key); });
      stale();
    });
    box.appendChild(del);
  }

  /* ---- events ---- */
  function exclusive(e) {
    var t = e.target, m = /^(.*):(na|failed)$/.exec(t.name || ''), p;
    if (t.type !== 'checkbox' || !t.checked)
      return;
    if (m) {
      p = m[1];
      setBox(p, false);
      setBox(p + ':' + (m[2] === 'na' ? 'failed' : 'na'), false);
      return;
    }
    if (unitEls[t.name] && t.classList.contains('done')) {
      setBox(t.name + ':na', false);
      setBox(t.name + ':failed', false);
    }
  }

  /* Typing is saved 250 ms after the last key, not at every key (a
   * save collects the whole page), and at once when the page goes away:
   * text typed and reloaded before the field lost focus is kept. */
  var pending = null;
  function saveBy() {
    if (store)
      try { store.setItem('chkc:by', $('chk_by').value.trim()); } catch (e) { /* full */ }
  }
  function flush() {
    clearTimeout(pending);
    pending = null;
    state = collect(state);
    save();
    saveBy();
    update();
  }
  function later() {
    clearTimeout(pending);
    pending = setTimeout(flush, 250);
  }

  function changed(e) {
    if (e && e.type === 'change')
      exclusive(e);
    flush();
  }

  function importRun(file) {
    file.text().then(function (txt) {
      var r = JSON.parse(txt);
      if (!r || typeof r !== 'object' || Array.isArray(r) || typeof r.items !== 'object')
        throw new Error('not a run');
      if (r.checklist !== D.hash && !window.confirm(L['confirm-import']))
        return;
      apply(r);
      state = collect(r);
      save();
      update();
      say(L.imported);
    }).catch(function () {
      say(L['import-error']);
    });
  }

  function wire() {
    form.addEventListener('change', changed);
    form.addEventListener('input', function (e) {
      if (!isBox(e.target))
        later();
    });
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    $('chk_by').addEventListener('change', saveBy);
    $('chk_by').addEventListener('input', later);
    window.addEventListener('pagehide', function () {
      if (pending !== null)
        flush();
    });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden' && pending !== null)
        flush();
    });
    $('chk_export').addEventListener('click', function () {
      state = collect(state);
      download(state, fileName(state));
      say(L.exported);
    });
    $('chk_import').addEventListener('click', function () { $('chk_import-file').click(); });
    $('chk_import-file').addEventListener('change', function () {
      var f = this.files && this.files[0];
      if (f)
        importRun(f);
      this.value = '';
    });
    $('chk_clear').addEventListener('click', function () {
      if (!window.confirm(L['confirm-clear']))
        return;
      blank();
      state = collect(null);
      /* A page drawn from a run would show the run again: keep the
       * blank state instead. */
      if (D.run)
        save();
      else if (store)
        store.removeItem(D.key);
      update();
    });
    form.addEventListener('click', function (e) {
      var t = e.target;
      if (t.classList.contains('add-row'))
        D.tables.forEach(function (tb) {
          if (tb.p === t.getAttribute('data-table'))
            addRow(tb).focus();
        });
    });
    /* Paper shows every section, open or not. */
    var closed = [];
    window.addEventListener('beforeprint', function () {
      closed = Array.prototype.filter.call(document.querySelectorAll('details'),
        function (d) { return !d.open; });
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener('afterprint', function () {
      closed.forEach(function (d) { d.open = false; });
    });
  }

  function init() {
    var saved, els, i;
    marks();
    D.units = units();
    els = document.querySelectorAll('[data-unit]');
    index();
    for (i = 0; i < els.length; i++)
      unitEls[els[i].getAttribute('data-unit')] = els[i];
    els = document.querySelectorAll('[data-section]');
    for (i = 0; i < els.length; i++) {
      var us = els[i].querySelectorAll('[data-unit]'), paths = [], j;
      for (j = 0; j < us.length; j++)
        paths.push(us[j].getAttribute('data-unit'));
      sections.push({ out: els[i].querySelector('.sec-progress'), paths: paths });
    }
    if (store)
      $('chk_by').value = store.getItem('chkc:by') || '';
    saved = store ? load(D.key) : null;
    state = saved || D.run || null;
    if (state)
      apply(state);
    state = collect(state);
    update();
    wire();
    $('chk_tools').hidden = false;
    if (!store)
      say(L['storage-off']);
    stale();
  }

  init();
})();
