// The web explorer: the path taken so far as a sequence diagram, the enabled actions to take
// one, back, each property's status at the current state, the state, the graph around it, the
// counterexample the checker finds and the trace files recorded from the spec. The URL holds
// the path (?path=0.3.1), so a state can be shared and the browser's back button goes back.
'use strict';
(function (PC) {
  var el = PC.el, esc = PC.esc;

  function api(method, url) {
    return fetch(url, { method: method }).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) { var e = new Error(body.error || r.statusText); e.body = body; throw e; }
        return body;
      });
    });
  }

  function start() {
    var info = PC.data();
    var app = document.getElementById('app');
    var path = [0], view = null, found = null, seq = 0;
    var status = el('span', { id: 'status', class: 'muted' });
    var traceSelect = el('select', { id: 'traces', 'aria-label': 'trace files' }, el('option', { value: '' }, 'trace files…'));
    var backBtn = el('button', { id: 'back', title: 'undo the last step (Backspace)', onclick: function () { if (path.length > 1) go(path.slice(0, -1)); } }, '◀ Back');
    app.appendChild(el('header', {},
      el('h1', {}, 'protocheck explore ', el('span', { class: 'muted' }, info.name)),
      el('div', { class: 'sub' }, info.spec + ' · model ' + info.model),
      el('div', { class: 'message', id: 'banner' })));
    app.appendChild(el('div', { class: 'controls' },
      el('button', { id: 'restart', onclick: function () { go([0]); } }, '« Initial state'), backBtn,
      el('button', { id: 'run-check', onclick: runCheck }, 'Run the checker'), traceSelect,
      el('button', { id: 'copy-link', onclick: function () { navigator.clipboard && navigator.clipboard.writeText(location.href); status.textContent = 'link: ' + location.href; } }, 'Link to this state'),
      status));
    var chart = el('div', { class: 'chart-pane', id: 'chart' });
    var actions = el('section', { id: 'actions', class: 'card' });
    var props = el('section', { id: 'props', class: 'card' });
    var graph = el('section', { id: 'graph', class: 'card graph-card' });
    var state = el('section', { id: 'state', class: 'card' });
    app.appendChild(el('main', { class: 'split' }, chart, el('aside', { class: 'side' }, actions, props, graph, state)));
    var banner = document.getElementById('banner');

    api('GET', '/api/traces').then(function (list) {
      list.forEach(function (t) { traceSelect.appendChild(el('option', { value: t.id }, t.file + ' — ' + t.property + ' (' + t.steps + ' steps)')); });
      if (!list.length) traceSelect.disabled = true;
    });
    traceSelect.addEventListener('change', function () {
      if (traceSelect.value === '') return;
      status.textContent = 'replaying the trace…';
      api('GET', '/api/trace?id=' + traceSelect.value).then(function (t) {
        found = { path: t.path, property: t.property, message: t.message, loopStart: t.loopStart, source: t.file };
        go(t.path);
        if (t.mismatch) status.textContent = 'the trace no longer reproduces: ' + t.mismatch;
      }, fail);
    });

    function runCheck() {
      var b = document.getElementById('run-check');
      b.disabled = true;
      status.textContent = 'checking…';
      api('POST', '/api/check').then(function (r) {
        b.disabled = false;
        if (!r.violation) { found = null; status.textContent = 'the checker found no violation (' + r.verdict + ', ' + r.distinct + ' states' + (r.limit ? '; ' + r.limit : '') + ')'; return; }
        found = { path: r.violation.path, property: r.violation.property, message: r.violation.message, loopStart: r.violation.loopStart, source: 'the checker' };
        status.textContent = 'counterexample: ' + r.violation.kind + ' violation in ' + (r.violation.path.length - 1) + ' steps';
        go(r.violation.path);
      }, function (e) { b.disabled = false; fail(e); });
    }

    function fail(e) {
      status.textContent = '';
      banner.textContent = e.message;
      if (e.body && e.body.validPrefix) go(e.body.validPrefix, true);
    }

    function isFound() {
      return found && found.path.length === path.length && found.path.every(function (x, i) { return x === path[i]; });
    }

    function render() {
      var t = view.trace, n = path.length - 1;
      backBtn.disabled = path.length < 2;
      var onCx = isFound();
      banner.textContent = onCx ? '✗ ' + found.property + ': ' + found.message + ' (from ' + found.source + ')' : '';
      var data = onCx ? Object.assign({}, t, { property: found.property, message: found.message, loopStart: found.loopStart }) : t;
      var d = PC.drawDiagram(chart, data, { noViolation: !onCx, onPick: function (i) { go(path.slice(0, i + 1)); } });
      d.select(n);
      var S = PC.statesOf(t);
      actions.innerHTML = '<h3>Enabled actions (' + view.actions.length + ')</h3>';
      if (!view.actions.length) actions.appendChild(el('p', { class: 'muted' }, 'none: the run ends here'));
      view.actions.forEach(function (a) {
        actions.appendChild(el('button', {
          class: 'action' + (a.error ? ' throws' : ''), 'data-index': a.index, title: a.error ? 'throws: ' + a.error : 'to state ' + a.next,
          onclick: function () { go(path.concat([a.index])); },
        }, el('span', { class: 'muted' }, '#' + a.index + ' '), a.label, a.error ? ' ✗' : ''));
      });
      props.innerHTML = '<h3>Properties at this state</h3>' + view.properties.map(function (p) {
        var cls = p.status === 'holds' || p.status === 'settled' ? 'ok' : p.status === 'waiting' ? 'wait' : 'bad';
        return '<div class="prop ' + cls + '" data-prop="' + esc(p.name) + '" data-status="' + p.status + '"><span class="icon">' + (cls === 'ok' ? '✓' : cls === 'bad' ? '✗' : '…') + '</span> <b>' + esc(p.name) + '</b> <span class="muted">' + p.kind + '</span> ' + p.status + (p.message ? '<div class="prop-msg">' + esc(p.message) + '</div>' : '') + '</div>';
      }).join('');
      state.innerHTML = '<h3>State <span class="muted">' + view.fingerprint + ' · step ' + n + '</span></h3>' + PC.stateHtml(S.vars[n], n > 0 ? S.vars[n - 1] : null) + (PC.historyHtml(t, S.hist, n) ? '<h3>History</h3>' + PC.historyHtml(t, S.hist, n) : '');
      var mine = ++seq;
      api('GET', '/api/graph?path=' + path.join('.')).then(function (g) {
        if (mine !== seq) return;
        graph.innerHTML = '<h3>States around this one</h3>';
        var box = el('div', { class: 'graph-box' });
        graph.appendChild(box);
        PC.drawGraph(box, g, { current: view.fingerprint, onPick: go });
      });
    }

    function go(p, replace) {
      var mine = ++seq;
      return api('GET', '/api/state?path=' + p.join('.')).then(function (v) {
        if (mine !== seq) return;
        path = v.path;
        view = v;
        var url = '?path=' + path.join('.');
        if (location.search !== url) (replace ? history.replaceState : history.pushState).call(history, { path: path }, '', url);
        render();
      }, fail);
    }

    window.addEventListener('popstate', function () { go(fromUrl(), true); });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Backspace' && !/^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName) && path.length > 1) { e.preventDefault(); go(path.slice(0, -1)); }
    });
    function fromUrl() {
      var m = /[?&]path=([\d.]+)/.exec(location.search);
      return m ? m[1].split('.').map(Number) : [0];
    }
    window.protocheckExplorer = { path: function () { return path.slice(); }, go: go };
    go(fromUrl(), true);
  }

  if (document.getElementById('app') && document.getElementById('app').classList.contains('explorer')) start();
})(window.PC);
