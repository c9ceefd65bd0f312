// The history view: one lane a client, an operation a bar from its call to its return, the
// order in which operations took effect drawn as a line through their linearization points,
// and where a history cannot be linearized, the line where every linearization fails. Only the
// operations in view are drawn (the SVG is as wide as the window and follows the scroll bar),
// so a history of 10,000 operations scrolls and zooms as one of 100 does.
'use strict';
(function (PC) {
  var el = PC.el, esc = PC.esc;
  var LANE = 24, AXIS = 28, PAD = 16, NAMES = 78, DENSE = 1500;

  function start() {
    var data = PC.data();
    var app = document.getElementById('app');
    var byId = {};
    data.ops.forEach(function (o) { byId[o[0]] = o; });
    var illegal = data.verdict === 'illegal';
    var part = data.failed !== undefined ? data.failed : 0;
    var name = data.check === 'sequential' ? 'sequentially consistent' : 'linearizable';
    var head = illegal ? '✗ not ' + name : data.verdict === 'ok' ? '✓ ' + name : '? unknown';
    app.appendChild(el('header', {},
      el('h1', {}, el('span', { class: illegal ? 'bad' : data.verdict === 'ok' ? 'ok' : 'wait', id: 'verdict' }, head), ' ', el('span', { class: 'muted' }, data.file)),
      el('div', { class: 'sub' }, data.ops.length + ' operations · ' + data.processes.length + ' clients · model ' + data.model + ' · ' + data.partitions.length + ' partition' + (data.partitions.length === 1 ? '' : 's') + ' · checked in ' + (data.elapsedMs < 1000 ? data.elapsedMs.toFixed(1) + ' ms' : (data.elapsedMs / 1000).toFixed(2) + ' s')),
      data.reason ? el('div', { class: 'notes' }, data.reason) : null));
    var partSelect = el('select', { id: 'partition', 'aria-label': 'partition' });
    data.partitions.forEach(function (p, i) { partSelect.appendChild(el('option', { value: i }, (p.key !== undefined ? 'key ' + p.key : 'all operations') + ' — ' + p.verdict + ' (' + p.ops.length + ')')); });
    partSelect.value = part;
    partSelect.hidden = data.partitions.length < 2;
    var zoomLabel = el('span', { class: 'muted', id: 'zoom-label' });
    app.appendChild(el('div', { class: 'controls' }, partSelect,
      el('button', { id: 'zoom-out', title: 'zoom out (-)', onclick: function () { zoom(0.5); } }, '−'),
      el('button', { id: 'zoom-in', title: 'zoom in (+)', onclick: function () { zoom(2); } }, '+'),
      el('button', { id: 'fit', onclick: fit }, 'Whole history'),
      illegal ? el('button', { id: 'go-failure', onclick: goFailure }, 'Go to the failure') : null,
      zoomLabel,
      el('span', { class: 'legend' }, el('i', { class: 'sw in-order' }), 'took effect in this order ', illegal ? el('i', { class: 'sw deadline' }) : null, illegal ? 'must take effect first, cannot ' : null, illegal ? el('i', { class: 'sw stuck' }) : null, illegal ? 'cannot come next ' : null, el('i', { class: 'sw unknown' }), 'outcome unknown')));
    var pane = el('div', { class: 'chart-pane timeline-pane', id: 'timeline' });
    var spacer = el('div', { class: 'spacer' });
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'timeline');
    pane.appendChild(spacer);
    pane.appendChild(svg);
    var side = el('aside', { class: 'side' }, el('section', { id: 'failure', class: 'card' }), el('section', { id: 'op', class: 'card' }, el('h3', {}, 'Operation'), el('p', { class: 'muted' }, 'click an operation')));
    app.appendChild(el('main', { class: 'split' }, pane, side));

    var P, lanes, laneOf, ops, tMin, tMax, scale, points, cls;
    function setPartition(i) {
      part = i;
      P = data.partitions[i];
      ops = P.ops.map(function (id) { return byId[id]; }).filter(Boolean);
      var seen = {};
      lanes = [];
      ops.forEach(function (o) { if (!seen[o[1]]) { seen[o[1]] = true; lanes.push(o[1]); } });
      lanes.sort(function (a, b) { return a - b; });
      laneOf = {};
      lanes.forEach(function (l, k) { laneOf[l] = k; });
      tMin = Infinity; tMax = -Infinity;
      ops.forEach(function (o) { tMin = Math.min(tMin, o[2]); tMax = Math.max(tMax, o[3] < 0 ? o[2] : o[3]); });
      if (!ops.length) { tMin = 0; tMax = 1; }
      tMax += 1;
      // the order as points in time: each as early as its call allows, after the one before it
      cls = {};
      points = [];
      var prev = -Infinity;
      (P.order || []).forEach(function (id, k) {
        var o = byId[id];
        var end = o[3] < 0 ? tMax : o[3];
        var t = Math.min(end, Math.max(o[2], prev + 0.2));
        prev = t;
        points.push([t, laneOf[o[1]], id, k]);
        cls[id] = 'in-order';
      });
      (P.stuck || []).forEach(function (s) { cls[s.id] = 'stuck'; });
      if (P.deadline !== undefined) cls[P.deadline] = 'deadline';
      failurePanel();
      if (ops.length <= 400) fit(); else if (P.linearizableUntil !== undefined) goFailure(); else { scale = 14; layout(); pane.scrollLeft = 0; draw(); }
    }

    function failurePanel() {
      var box = document.getElementById('failure');
      var h = '<h3>' + (P.key !== undefined ? 'Key ' + esc(P.key) : 'The history') + ': ' + esc(P.verdict) + '</h3>';
      if (P.verdict === 'ok') h += '<p>' + P.ops.length + ' operations took effect in one order, drawn as the line through them.</p>';
      if (P.verdict === 'illegal') {
        h += '<p>The longest linearizable prefix has <b>' + (P.order || []).length + '</b> operations' + (P.stateAfterPrefix !== undefined ? '; after it the state is <code>' + esc(P.stateAfterPrefix) + '</code>' : '') + '.</p>';
        if (P.linearizableUntil !== undefined) h += '<p class="bad">Every linearization fails at time ' + P.linearizableUntil + (P.deadline !== undefined ? ': ' + opLink(P.deadline) + ' must take effect before it returns, and cannot.' : '.') + '</p>';
        if (P.stuck && P.stuck.length) h += '<p>None of the operations that could come next can:</p><ul class="stuck">' + P.stuck.map(function (s) { return '<li>' + opLink(s.id) + ': ' + esc(s.reason) + '</li>'; }).join('') + '</ul>';
      }
      if (P.verdict === 'unknown' || P.verdict === 'unchecked') h += '<p class="muted">' + esc(data.reason || 'not decided') + '</p>';
      box.innerHTML = h;
    }

    function opLink(id) {
      var o = byId[id];
      return '<a href="#" data-op="' + id + '">#' + id + ' ' + esc(o ? o[4] : '') + '</a>';
    }

    function x(t) { return NAMES + PAD + (t - tMin) * scale; }
    function layout() {
      spacer.style.width = Math.ceil(x(tMax) + PAD) + 'px';
      spacer.style.height = AXIS + lanes.length * LANE + 20 + 'px';
      zoomLabel.textContent = (scale >= 1 ? Math.round(scale) + ' px' : (Math.round(scale * 100) / 100) + ' px') + ' per time unit';
    }
    function fit() {
      scale = Math.max(0.02, (pane.clientWidth - NAMES - 2 * PAD) / (tMax - tMin));
      layout();
      pane.scrollLeft = 0;
      draw();
    }
    function zoom(f, centerT) {
      var w = pane.clientWidth;
      var c = centerT !== undefined ? centerT : tMin + (pane.scrollLeft + w / 2 - NAMES - PAD) / scale;
      scale = Math.max(0.02, Math.min(400, scale * f));
      layout();
      pane.scrollLeft = Math.max(0, x(c) - NAMES - (w - NAMES) / 2);
      draw();
    }
    function goFailure() {
      if (P.linearizableUntil === undefined) return;
      scale = Math.max(scale || 0, 14);
      zoom(1, P.linearizableUntil);
    }

    var drawn = 0, dense = false;
    function draw() {
      var w = pane.clientWidth, h = AXIS + lanes.length * LANE + 20;
      var left = pane.scrollLeft;
      var t0 = tMin + (left - NAMES - PAD) / scale, t1 = tMin + (left + w - NAMES - PAD) / scale;
      svg.setAttribute('width', w);
      svg.setAttribute('height', h);
      svg.style.left = left + 'px';
      var X = function (t) { return x(t) - left; };
      var out = ['<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#e5e7eb"/><line x1="0" y1="0" x2="0" y2="6" stroke="#9ca3af" stroke-width="3"/></pattern></defs>'];
      var step = Math.pow(10, Math.ceil(Math.log10(80 / scale)));
      for (var t = Math.ceil(t0 / step) * step; t <= t1; t += step) out.push('<line class="tick" x1="' + X(t) + '" x2="' + X(t) + '" y1="' + (AXIS - 6) + '" y2="' + h + '"/><text class="tick-label" x="' + X(t) + '" y="' + (AXIS - 10) + '" text-anchor="middle">' + t + '</text>');
      drawn = 0;
      var visible = ops.filter(function (o) { return o[2] <= t1 && (o[3] < 0 ? tMax : o[3]) >= t0; });
      drawn = visible.length;
      dense = visible.length > DENSE;
      // thousands of bars in view are a few pixels wide each: one path per kind of bar, found by position when clicked
      var paths = {};
      if (dense) visible.forEach(function (o) {
        var c = 'op ' + (cls[o[0]] || (P.verdict === 'illegal' ? 'after' : 'plain')) + (o[3] < 0 ? ' unknown' : '');
        var xa = Math.max(-10, X(o[2])), wd = Math.max(1, Math.min(w + 10, X(o[3] < 0 ? tMax : o[3])) - xa);
        paths[c] = (paths[c] || '') + 'M' + xa.toFixed(1) + ' ' + (AXIS + laneOf[o[1]] * LANE + 3) + 'h' + wd.toFixed(1) + 'v' + (LANE - 7) + 'h' + (-wd).toFixed(1) + 'z';
      });
      Object.keys(paths).forEach(function (c) { out.push('<path class="' + c + ' dense" d="' + paths[c] + '"/>'); });
      (dense ? visible.filter(function (o) { return cls[o[0]] === 'deadline' || cls[o[0]] === 'stuck'; }) : visible).forEach(function (o) {
        var end = o[3] < 0 ? tMax : o[3];
        var y = AXIS + laneOf[o[1]] * LANE + 3;
        var xa = Math.max(-10, X(o[2])), xb = Math.min(w + 10, X(end));
        var c = 'op ' + (cls[o[0]] || (P.verdict === 'illegal' ? 'after' : 'plain')) + (o[3] < 0 ? ' unknown' : '');
        var width = Math.max(1.5, xb - xa);
        var label = width > 44 ? '<text x="' + (xa + 4) + '" y="' + (y + 12) + '">' + esc(o[4].length * 6.2 > width - 8 ? o[4].slice(0, Math.max(1, Math.floor((width - 8) / 6.2) - 1)) + '…' : o[4]) + '</text>' : '';
        out.push('<g class="' + c + '" data-op="' + o[0] + '"><title>#' + o[0] + ' ' + esc(data.processes[o[1]]) + ': ' + esc(o[4]) + ' [' + o[2] + ', ' + (o[3] < 0 ? 'unknown outcome: crashed or timed out' : o[3]) + ']</title><rect x="' + xa + '" y="' + y + '" width="' + width + '" height="' + (LANE - 7) + '" rx="3"/>' + label + (o[3] < 0 ? '<text class="unknown-mark" x="' + (xa + width - 10) + '" y="' + (y + 12) + '">?</text>' : '') + '</g>');
      });
      // the order of effect: a line through the linearization points in view
      var pts = points.filter(function (p, i) { return (p[0] >= t0 && p[0] <= t1) || (points[i + 1] && points[i + 1][0] >= t0 && p[0] <= t1) || (points[i - 1] && points[i - 1][0] <= t1 && p[0] >= t0); });
      if (pts.length) {
        out.push('<path class="order-line" d="' + pts.map(function (p, i) { return (i ? 'L' : 'M') + X(p[0]).toFixed(1) + ' ' + (AXIS + p[1] * LANE + 3 + (LANE - 7) / 2); }).join('') + '"/>');
        if (pts.length < 600) pts.forEach(function (p) { out.push('<circle class="order-point" cx="' + X(p[0]).toFixed(1) + '" cy="' + (AXIS + p[1] * LANE + 3 + (LANE - 7) / 2) + '" r="3"><title>' + (p[3] + 1) + '. #' + p[2] + '</title></circle>'); });
      }
      // the clients' names stay in view on the left
      out.push('<rect class="names-bg" x="0" y="0" width="' + NAMES + '" height="' + h + '"/>');
      lanes.forEach(function (l, k) {
        out.push('<text class="lane-name" x="6" y="' + (AXIS + k * LANE + 15) + '">' + esc(data.processes[l]) + '</text>');
      });
      if (P.linearizableUntil !== undefined) {
        var fx = X(P.linearizableUntil);
        out.push('<g class="failure-line"><line x1="' + fx + '" x2="' + fx + '" y1="' + (AXIS - 14) + '" y2="' + h + '"/><text x="' + (fx + 4) + '" y="' + (AXIS - 16) + '">every linearization fails here</text></g>');
      }
      svg.innerHTML = out.join('');
    }

    pane.addEventListener('scroll', PC.throttle(draw));
    window.addEventListener('resize', PC.throttle(draw));
    pane.addEventListener('wheel', function (e) {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      var r = pane.getBoundingClientRect();
      zoom(e.deltaY < 0 ? 1.25 : 0.8, tMin + (pane.scrollLeft + e.clientX - r.left - NAMES - PAD) / scale);
    }, { passive: false });
    document.addEventListener('keydown', function (e) {
      if (e.key === '+' || e.key === '=') zoom(2);
      else if (e.key === '-') zoom(0.5);
    });
    partSelect.addEventListener('change', function () { setPartition(Number(partSelect.value)); });
    /** The operation under a click on the dense drawing: its lane from y, then the bar that spans the time at x. */
    function hit(e) {
      var r = svg.getBoundingClientRect();
      var lane = lanes[Math.floor((e.clientY - r.top - AXIS) / LANE)];
      var t = tMin + (e.clientX - r.left + pane.scrollLeft - NAMES - PAD) / scale;
      var slack = 2 / scale;
      return ops.filter(function (o) { return o[1] === lane && o[2] - slack <= t && (o[3] < 0 ? tMax : o[3]) + slack >= t; })[0];
    }
    app.addEventListener('click', function (e) {
      var g = e.target.closest && e.target.closest('[data-op]');
      var o = g ? byId[Number(g.getAttribute('data-op'))] : dense && e.target.closest && e.target.closest('svg.timeline') ? hit(e) : undefined;
      if (!o) return;
      e.preventDefault();
      var k = (P.order || []).indexOf(o[0]);
      var stuck = (P.stuck || []).filter(function (s) { return s.id === o[0]; })[0];
      document.getElementById('op').innerHTML = '<h3>Operation #' + o[0] + '</h3><div><b>' + esc(o[4]) + '</b></div><div>' + esc(data.processes[o[1]]) + ' · called at ' + o[2] + ' · ' + (o[3] < 0 ? 'outcome unknown (crashed or timed out): it may take effect at any time after its call, or never' : 'returned at ' + o[3]) + (o[5] >= 0 ? ' · line ' + o[5] : '') + '</div>' +
        (k >= 0 ? '<div class="ok">took effect ' + (k + 1) + (k === 0 ? 'st' : k === 1 ? 'nd' : k === 2 ? 'rd' : 'th') + ' in the order</div>' : '') + (P.deadline === o[0] ? '<div class="bad">must take effect before it returns, and cannot</div>' : '') + (stuck ? '<div class="wait">cannot come next: ' + esc(stuck.reason) + '</div>' : '');
      if (g && g.tagName === 'A') zoom(1, o[2]);
    });
    setPartition(part);
    window.protocheckHistory = { drawn: function () { return drawn; }, zoom: zoom, fit: fit, goFailure: goFailure, partition: setPartition, scale: function () { return scale; } };
  }

  if (document.getElementById('app') && document.getElementById('app').classList.contains('history-page')) start();
})(window.PC);
