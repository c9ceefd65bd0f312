// The trace page: the diagram, a step slider and keys, and at the current step what the step
// did, every property's verdict, the state of every process, the network and the history with
// what changed marked, and the messages in flight over the trace.
'use strict';
(function (PC) {
  var el = PC.el, esc = PC.esc;

  function inFlightSeries(data) {
    var n = data.rows.length, delta = new Array(n + 1).fill(0);
    data.arrows.forEach(function (a) { delta[a.send]++; if (a.end !== undefined) delta[a.end]--; });
    var pts = [], c = 0;
    for (var i = 0; i < n; i++) { c += delta[i]; pts.push([i, c]); }
    return pts;
  }

  function start() {
    var data = PC.data();
    var app = document.getElementById('app');
    var n = data.rows.length - 1;
    var S = PC.statesOf(data);
    var cur = 0;
    var kindWord = { safety: 'safety violation', liveness: 'liveness violation', deadlock: 'deadlock', error: 'error' }[data.kind] || data.kind;
    var slider = el('input', { type: 'range', min: 0, max: n, value: 0, id: 'slider', 'aria-label': 'step' });
    var label = el('span', { id: 'step-label' });
    var btn = function (text, title, f) { return el('button', { title: title, onclick: f }, text); };
    app.appendChild(el('header', {},
      el('h1', {}, el('span', { class: 'bad' }, '✗ '), data.property, ' ', el('span', { class: 'muted' }, kindWord + ' in ' + n + ' step' + (n === 1 ? '' : 's'))),
      el('div', { class: 'sub' }, data.spec + ' · model ' + data.model + (data.loopStart !== undefined ? ' · lasso: loop from step ' + data.loopStart : '')),
      el('div', { class: 'message', id: 'violation' }, data.message),
      data.notes.length ? el('div', { class: 'notes' }, data.notes.join(' · ')) : null));
    app.appendChild(el('div', { class: 'controls' },
      btn('«', 'first step (Home)', function () { go(0); }), btn('◀', 'previous step (←)', function () { go(cur - 1); }),
      slider, btn('▶', 'next step (→)', function () { go(cur + 1); }), btn('»', 'last step (End)', function () { go(n); }),
      label, el('span', { class: 'muted keys' }, '← → step · PgUp PgDn 10 · Home End')));
    var chart = el('div', { class: 'chart-pane', id: 'chart' });
    var detail = el('section', { id: 'detail', class: 'card' });
    var props = el('section', { id: 'props', class: 'card' });
    var plotBox = el('section', { id: 'plot', class: 'card' });
    var state = el('section', { id: 'state', class: 'card' });
    var history = el('section', { id: 'history', class: 'card' });
    app.appendChild(el('main', { class: 'split' }, chart, el('aside', { class: 'side' }, detail, props, state, history, plotBox)));
    var diagram = PC.drawDiagram(chart, data, { onPick: function (i) { go(i); } });
    var plot = PC.plot(plotBox, { title: 'messages in flight', series: [{ name: 'in flight', points: inFlightSeries(data) }], xLabel: 'step', onPick: function (i) { go(i); } });
    app.addEventListener('click', function (e) {
      var a = e.target.closest && e.target.closest('[data-go]');
      if (a) { e.preventDefault(); go(Number(a.getAttribute('data-go'))); }
    });
    app.addEventListener('change', function (e) {
      if (e.target.id === 'full-lists') { PC.fullLists = e.target.checked; render(); }
    });
    slider.addEventListener('input', PC.throttle(function () { go(Number(slider.value)); }));
    var render = function () {
      var i = cur;
      slider.value = i;
      label.textContent = 'step ' + i + ' / ' + n + (i > 0 ? ': ' + data.rows[i].action : ': initial state');
      detail.innerHTML = '<h3>Step ' + i + '</h3>' + PC.stepDetail(data, i);
      props.innerHTML = '<h3>Properties at this step</h3>' + PC.verdictsHtml(data, i);
      state.innerHTML = '<h3>State <label class="muted full"><input type="checkbox" id="full-lists"' + (PC.fullLists ? ' checked' : '') + '> every element of long lists</label></h3>' + PC.stateHtml(S.vars[i], i > 0 ? S.vars[i - 1] : null);
      var hh = PC.historyHtml(data, S.hist, i);
      history.innerHTML = hh ? '<h3>History</h3>' + hh : '';
      history.hidden = !hh;
      diagram.select(i);
      plot.setMarker(i);
      if (location.hash !== '#step=' + i) history_.replaceState(null, '', '#step=' + i);
    };
    var history_ = window.history;
    function go(i) {
      i = Math.max(0, Math.min(n, i | 0));
      cur = i;
      render();
    }
    PC.stepKeys(function () { return cur; }, go, function () { return n + 1; });
    var m = /step=(\d+)/.exec(location.hash);
    go(m ? Number(m[1]) : 0);
    window.protocheckPage = { step: function () { return cur; }, go: go, count: n + 1 };
  }

  if (document.getElementById('app') && document.getElementById('app').classList.contains('trace-page')) start();
})(window.PC);
