(function () {
  'use strict';
  // The data block (see htmlData in html.go):
  //   rules:   [id, name, family, severity]
  //   readers: ["Everyone, SKOLE\\Domain Users", ...]
  //   results: [rule, level, exposure, readers, location, section, line,
  //             count, baseline, suppressed, notReexamined]
  //   notes:   [location, outcome, reason, folder, accepted]
  var LEVELS = ['error', 'warning', 'note'];
  var EXPOSURES = ['public', 'organization', 'restricted', 'unknown'];
  var BASELINES = ['', 'new', 'unchanged', 'updated'];
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var rules = data.rules, readers = data.readers;
  var PAGE = data.pageSize || 200;

  function $(id) { return document.getElementById(id); }
  function fmt(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ','); }
  function td(tr, text, cls) {
    var c = document.createElement('td');
    c.textContent = text;
    if (cls) { c.className = cls; }
    tr.appendChild(c);
    return c;
  }
  function badge(cell, text, cls) {
    var s = document.createElement('span');
    s.className = cls;
    s.textContent = text;
    cell.appendChild(s);
  }

  // table makes a sortable, filterable, paginated table of rows.
  // cfg.columns[name] = {key: row → sort value, cell: (tr, row) → void}
  function table(cfg) {
    var rows = cfg.rows, el = $(cfg.id + '-table'), pager = $(cfg.id + '-pager');
    var tbody = el.tBodies[0], heads = el.tHead.rows[0].cells;
    var order = cfg.order, view = [], page = 0, keys = {};
    var sortCol = cfg.sort, sortDir = cfg.dir;

    function keysOf(col) {
      if (!keys[col]) {
        var k = new Array(rows.length), f = cfg.columns[col].key;
        for (var i = 0; i < rows.length; i++) { k[i] = f(rows[i]); }
        keys[col] = k;
      }
      return keys[col];
    }
    function sort() {
      var k = keysOf(sortCol), d = sortDir;
      view.sort(function (a, b) {
        var x = k[a], y = k[b];
        if (x < y) { return -d; }
        if (x > y) { return d; }
        return a - b;
      });
    }
    function render() {
      var pages = Math.max(1, Math.ceil(view.length / PAGE));
      page = Math.min(Math.max(page, 0), pages - 1);
      var from = page * PAGE, to = Math.min(from + PAGE, view.length);
      var frag = document.createDocumentFragment();
      for (var i = from; i < to; i++) {
        var tr = document.createElement('tr'), row = rows[view[i]];
        for (var c = 0; c < order.length; c++) { cfg.columns[order[c]].cell(tr, row); }
        frag.appendChild(tr);
      }
      tbody.textContent = '';
      tbody.appendChild(frag);
      var q = function (s) { return pager.querySelector(s); };
      q('.from').textContent = fmt(view.length ? from + 1 : 0);
      q('.to').textContent = fmt(to);
      q('.shown').textContent = fmt(view.length);
      q('.page').textContent = fmt(page + 1);
      q('.pages').textContent = fmt(pages);
      q('.filtered').hidden = view.length === rows.length;
      q('[data-go=first]').disabled = q('[data-go=prev]').disabled = page === 0;
      q('[data-go=next]').disabled = q('[data-go=last]').disabled = page >= pages - 1;
      for (var h = 0; h < heads.length; h++) {
        var col = heads[h].getAttribute('data-col');
        if (col === sortCol) {
          heads[h].setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
        } else {
          heads[h].removeAttribute('aria-sort');
        }
      }
      $(cfg.id + '-empty').hidden = view.length > 0;
      el.setAttribute('data-page', String(page + 1));
      el.setAttribute('data-shown', String(view.length));
    }
    function refilter() {
      var keep = cfg.filter();
      view = [];
      for (var i = 0; i < rows.length; i++) {
        if (!keep || keep(rows[i])) { view.push(i); }
      }
      sort();
      page = 0;
      render();
    }
    for (var h = 0; h < heads.length; h++) {
      heads[h].setAttribute('tabindex', '0');
      heads[h].setAttribute('role', 'columnheader button');
      var onSort = function (e) {
        if (e.type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') { return; }
        e.preventDefault();
        var col = this.getAttribute('data-col');
        if (col === sortCol) {
          sortDir = -sortDir;
        } else {
          sortCol = col;
          sortDir = cfg.columns[col].desc ? -1 : 1;
        }
        sort();
        page = 0;
        render();
      };
      heads[h].addEventListener('click', onSort);
      heads[h].addEventListener('keydown', onSort);
    }
    pager.addEventListener('click', function (e) {
      var go = e.target.getAttribute && e.target.getAttribute('data-go');
      if (!go) { return; }
      if (go === 'first') { page = 0; }
      if (go === 'prev') { page--; }
      if (go === 'next') { page++; }
      if (go === 'last') { page = Infinity; }
      render();
    });
    var form = $(cfg.id + '-filters');
    form.addEventListener('input', refilter);
    form.addEventListener('change', refilter);
    form.addEventListener('submit', function (e) { e.preventDefault(); });
    refilter();
  }

  function sev(r) { return rules[r[0]][3]; }
  function where(r) {
    var s = r[5] ? r[5] + ', ' : '';
    return s + (r[5].indexOf('sheet ') === 0 ? 'row ' : 'line ') + r[6];
  }
  var lowerLoc = null;
  function lower(rows) {
    if (!lowerLoc) {
      lowerLoc = new Map();
      for (var i = 0; i < rows.length; i++) { lowerLoc.set(rows[i], rows[i][4].toLowerCase()); }
    }
    return lowerLoc;
  }

  table({
    id: 'results',
    rows: data.results,
    order: ['rule', 'severity', 'level', 'exposure', 'readers', 'location', 'count', 'baseline', 'suppressed'],
    // Most urgent first: level, then severity.
    sort: 'level', dir: 1,
    columns: {
      rule: {
        key: function (r) { return rules[r[0]][0]; },
        cell: function (tr, r) { td(tr, rules[r[0]][0]).title = rules[r[0]][1]; }
      },
      severity: {
        desc: true,
        key: sev,
        cell: function (tr, r) { td(tr, sev(r).toFixed(1), 'num'); }
      },
      level: {
        key: function (r) { return r[1] * 100 - sev(r); },
        cell: function (tr, r) { badge(td(tr, ''), LEVELS[r[1]], 'lvl lvl-' + LEVELS[r[1]]); }
      },
      exposure: {
        key: function (r) { return r[2]; },
        cell: function (tr, r) { td(tr, EXPOSURES[r[2]], 'exp exp-' + r[2]); }
      },
      readers: {
        key: function (r) { return readers[r[3]]; },
        cell: function (tr, r) { td(tr, readers[r[3]]); }
      },
      location: {
        key: function (r) { return r[4]; },
        cell: function (tr, r) {
          var c = td(tr, r[4], 'loc'), s = document.createElement('small');
          s.textContent = where(r);
          c.appendChild(s);
        }
      },
      count: {
        desc: true,
        key: function (r) { return r[7]; },
        cell: function (tr, r) { td(tr, fmt(r[7]), 'num'); }
      },
      baseline: {
        key: function (r) { return BASELINES[r[8]] + (r[10] ? '*' : ''); },
        cell: function (tr, r) {
          var c = td(tr, BASELINES[r[8]] || '–');
          if (r[10]) {
            c.textContent += ' (not re-examined)';
            c.title = 'The file could not be read in this scan: the last known result stands.';
          }
        }
      },
      suppressed: {
        key: function (r) { return r[9]; },
        cell: function (tr, r) { td(tr, r[9] ? 'yes' : ''); }
      }
    },
    filter: function () {
      var fam = $('f-family').value, rule = $('f-rule').value, exp = $('f-exposure').value;
      var lvl = $('f-level').value, base = $('f-baseline').value, sup = $('f-suppressed').value;
      var q = $('f-search').value.trim().toLowerCase();
      if (!fam && !rule && !exp && !lvl && !base && !sup && !q) { return null; }
      var ruleOK = rules.map(function (x) { return (!fam || x[2] === fam) && (!rule || x[0] === rule); });
      var low = q ? lower(data.results) : null;
      exp = exp === '' ? -1 : +exp;
      lvl = lvl === '' ? -1 : +lvl;
      base = base === '' ? -1 : +base;
      sup = sup === '' ? -1 : +sup;
      return function (r) {
        return ruleOK[r[0]] && (exp < 0 || r[2] === exp) && (lvl < 0 || r[1] === lvl) &&
          (base < 0 || r[8] === base) && (sup < 0 || r[9] === sup) &&
          (!q || low.get(r).indexOf(q) >= 0);
      };
    }
  });

  var OUTCOME_RANK = { failed: 0, partial: 1, skipped: 2, scanned: 3 };
  function outcome(n) { return (n[3] ? 'folder ' : '') + n[1]; }
  table({
    id: 'notes',
    rows: data.notes,
    order: ['location', 'outcome', 'reason', 'accepted'],
    sort: 'outcome', dir: 1,
    columns: {
      location: {
        key: function (n) { return n[0]; },
        cell: function (tr, n) { td(tr, n[0], 'loc'); }
      },
      outcome: {
        key: function (n) { return (n[4] ? 10 : 0) + (OUTCOME_RANK[n[1]] || 0); },
        cell: function (tr, n) { td(tr, outcome(n)); }
      },
      reason: {
        key: function (n) { return n[2]; },
        cell: function (tr, n) { td(tr, n[2]); }
      },
      accepted: {
        key: function (n) { return n[4]; },
        cell: function (tr, n) { td(tr, n[4]); }
      }
    },
    filter: function () {
      var o = $('n-outcome').value, q = $('n-search').value.trim().toLowerCase();
      if (!o && !q) { return null; }
      return function (n) {
        if (o === 'accepted' ? !n[4] : (o && (n[1] !== o || n[4]))) { return false; }
        return !q || n[0].toLowerCase().indexOf(q) >= 0 || n[2].toLowerCase().indexOf(q) >= 0;
      };
    }
  });
  document.body.setAttribute('data-ready', '1');
}());
