// The page of an estimate (protocheck estimate <specs> --html): coverage over time and traffic
// over time (the mean over runs as a line, one standard deviation over runs as a band, one
// series per protocol), each metric compared across protocols (estimate and interval, with the
// spec's bound), and per protocol every metric with the histogram of its runs.
'use strict';
(function (PC) {
  var el = PC.el;

  function num(x) { return Number.isFinite(x) ? (Math.abs(x) >= 100 || x === Math.round(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(3)) : String(x); }
  function judgement(b) { return !b ? '' : b.judgement === 'met' ? '✓ met' : b.judgement === 'failed' ? '✗ failed' : '? undecided'; }
  function verdictOf(o) {
    if (o.metrics.some(function (m) { return m.bound && m.bound.judgement === 'failed'; })) return { cls: 'bad', text: '✗ a bound failed' };
    return o.met ? { cls: 'ok', text: '✓ every bound met' } : { cls: 'wait', text: '? undecided' };
  }

  /**
   * The series of a kind across the outcomes, as plot series (mean line, mean ± sd band), each
   * carried on at its last value to the longest one's end: once all of a spec's runs have ended,
   * nothing changes.
   */
  function seriesOf(outcomes, kind, clampTop) {
    var out = [], T = 0;
    outcomes.forEach(function (o) { (o.series || []).forEach(function (s) { if (s.name === kind) T = Math.max(T, s.mean.length); }); });
    var carry = function (xs) { var ys = xs.slice(); while (ys.length < T) ys.push(xs[xs.length - 1]); return ys; };
    outcomes.forEach(function (o) {
      var mine = (o.series || []).filter(function (s) { return s.name === kind; });
      mine.forEach(function (s0) {
        var s = { x: s0.x, indication: s0.indication, mean: carry(s0.mean), sd: carry(s0.sd) };
        var name = o.spec.name + (mine.length > 1 && s.indication ? ' (' + s.indication + ')' : '');
        out.push({
          name: name,
          x: s.x,
          points: s.mean.map(function (m, t) { return [t, m]; }),
          band: s.mean.map(function (m, t) { return [t, Math.max(0, m - s.sd[t]), clampTop ? Math.min(clampTop, m + s.sd[t]) : m + s.sd[t]]; }),
        });
      });
    });
    return out;
  }

  function timePlot(box, id, title, series, yLabel, yMax) {
    var card = el('section', { class: 'card', id: id }, el('h3', {}, title));
    box.appendChild(card);
    if (!series.length) {
      card.appendChild(el('p', { class: 'muted' }, 'No series: the metrics count no deliveries (coverage, residue, complete, t-… do).'));
      return;
    }
    var x = series[0].x === 'ticks' ? 'time (ticks; rounds under timing: rounds)' : 'time (steps)';
    PC.plot(card, { series: series, xLabel: x, yLabel: yLabel, yMax: yMax, width: 640, height: 240 });
    card.appendChild(el('p', { class: 'muted' }, 'The line is the mean over runs, the band one standard deviation over runs either side; a run that ended counts with its final value.'));
  }

  function start() {
    var data = PC.data();
    var outcomes = data.outcomes;
    var app = document.getElementById('app');
    var names = outcomes.map(function (o) { return o.spec.name; });
    var bad = outcomes.some(function (o) { return verdictOf(o).cls === 'bad'; });
    var all = outcomes.every(function (o) { return o.met; });
    app.appendChild(el('header', {},
      el('h1', {}, el('span', { id: 'verdict', class: bad ? 'bad' : all ? 'ok' : 'wait' }, bad ? '✗ a bound failed' : all ? '✓ every bound met' : '? undecided'), ' ', el('span', { class: 'muted' }, 'estimate of ' + names.join(', '))),
      el('div', { class: 'sub' }, outcomes.map(function (o) {
        return o.spec.name + ': ' + o.runs + ' runs, ' + o.steps + ' steps, ' + o.stepsPerSecond + ' steps/s (seed ' + o.settings.seed + ')';
      }).join(' · '))));
    var main = el('main', { class: 'estimate-page' });
    app.appendChild(main);
    timePlot(main, 'coverage', 'Coverage over time', seriesOf(outcomes, 'coverage', 1), 'coverage', 1);
    timePlot(main, 'traffic-time', 'Traffic over time', seriesOf(outcomes, 'traffic'), 'messages / process');

    // each metric across protocols
    var compare = el('section', { class: 'card', id: 'compare' }, el('h3', {}, 'Per protocol: estimate and ' + Math.round(outcomes[0].settings.confidence * 100) + ' % interval'));
    main.appendChild(compare);
    var metricNames = [];
    outcomes.forEach(function (o) { o.metrics.forEach(function (m) { if (metricNames.indexOf(m.name) < 0) metricNames.push(m.name); }); });
    metricNames.forEach(function (name) {
      var rows = [];
      outcomes.forEach(function (o) {
        var m = o.metrics.filter(function (x) { return x.name === name; })[0];
        if (!m || m.applied === 0) return;
        rows.push({ name: o.spec.name, estimate: m.interval.estimate, low: m.interval.low, high: m.interval.high, bound: m.bound ? m.bound.text : undefined });
      });
      if (!rows.length) return;
      var kind = outcomes.map(function (o) { return o.metrics.filter(function (x) { return x.name === name; })[0]; }).filter(Boolean)[0].kind;
      var box = el('div', { class: 'metric-compare', 'data-metric': name });
      compare.appendChild(box);
      PC.intervals(box, { title: name + (kind === 'proportion' ? ' (probability)' : ' (mean)'), xLabel: kind === 'proportion' ? 'probability' : name, rows: rows });
    });

    // per protocol: every metric, its histogram of runs
    outcomes.forEach(function (o, k) {
      var v = verdictOf(o);
      var card = el('section', { class: 'card protocol', id: 'protocol-' + k },
        el('h3', {}, o.spec.name, ' ', el('span', { class: v.cls }, v.text)),
        el('div', { class: 'muted' }, o.spec.file + ' · ' + o.runs + ' runs · ended: ' + Object.keys(o.ended).filter(function (e) { return o.ended[e] > 0; }).map(function (e) { return o.ended[e] + ' ' + e; }).join(', ')));
      var grid = el('div', { class: 'histograms' });
      card.appendChild(grid);
      o.metrics.forEach(function (m) {
        var cell = el('div', { class: 'metric', 'data-metric': m.name });
        grid.appendChild(cell);
        if (m.applied === 0) {
          cell.appendChild(el('div', {}, el('b', {}, m.name), ': not measured (it applied to none of the runs)'));
          return;
        }
        var i = m.interval;
        cell.appendChild(el('div', {}, el('b', {}, m.name), ': ' + (m.kind === 'proportion' ? 'probability ' : 'mean ') + num(i.estimate) + ' [' + num(i.low) + ', ' + num(i.high) + ']',
          m.bound ? el('span', { class: m.bound.judgement === 'met' ? 'ok' : m.bound.judgement === 'failed' ? 'bad' : 'wait' }, ' bound ' + m.bound.text + ': ' + judgement(m.bound)) : null));
        PC.histogram(cell, { kind: m.kind, min: m.histogram.min, max: m.histogram.max, counts: m.histogram.counts, interval: i, xLabel: m.kind === 'proportion' ? 'runs' : 'runs by ' + m.name });
        if (m.percentiles) cell.appendChild(el('div', { class: 'muted' }, 'p5 ' + num(m.percentiles.p5.estimate) + ' · median ' + num(m.percentiles.p50.estimate) + ' · p95 ' + num(m.percentiles.p95.estimate)));
      });
      main.appendChild(card);
    });
  }

  PC.estimatePage = { start: start };
  start();
})(window.PC);
