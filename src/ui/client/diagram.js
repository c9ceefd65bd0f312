// The sequence diagram of a trace in SVG: one lane a process, one row a step, an arrow from
// each send to its delivery (dropped ones end in a cross, copies are drawn double, those still
// in flight trail off), marks for requests, indications, timers, crashes (the lane is dashed
// while the process is down), recoveries, detector and Byzantine steps, the violation, and a
// lasso's loop as a loop. Drawn once as one string; selecting a step only moves a cursor and
// toggles the classes of the arrows that touch it, so long traces stay quick to step through.
'use strict';
(function (PC) {
  var esc = PC.esc;
  var ROW = 28, HEAD = 40, LEFT = 52;

  function markFor(kind) {
    if (kind === 'crash') return 'crash';
    if (kind === 'recover') return 'recover';
    if (kind === 'request') return 'request';
    if (kind === 'timer') return 'timer';
    if (/^(detect|suspect|restore|trust|stabilize)$/.test(kind)) return 'detector';
    if (/byz|forge|equivoc|corrupt|lie/i.test(kind)) return 'byzantine';
    if (kind === 'duplicate') return 'duplicate';
    return kind ? 'step' : '';
  }

  function badge(cls, x, y, letter, title) {
    return '<g class="mark mark-' + cls + '"><title>' + esc(title) + '</title><circle cx="' + x + '" cy="' + y + '" r="8"/><text x="' + x + '" y="' + (y + 3.5) + '" text-anchor="middle">' + esc(letter) + '</text></g>';
  }

  function cut(s, n) {
    return s.length > n ? s.slice(0, n - 1) + '…' : s;
  }

  /** PC.drawDiagram(container, data, { onPick(step) }) → { select(step), rowY(step) } */
  PC.drawDiagram = function (container, data, opts) {
    opts = opts || {};
    var procs = data.processes.length ? data.processes : [{ id: 0, name: 'model' }];
    var lane = {};
    procs.forEach(function (p, i) { lane[p.id] = i; });
    // a system model shows a Byzantine process's state as the word
    var isByz = function (p) { return data.rows[0] && data.rows[0].changes[p.name] === 'Byzantine'; };
    var titleOf = function (p) { return (p.role && p.role !== p.name ? p.name + ':' + p.role : p.name) + (isByz(p) ? ' (Byzantine)' : ''); };
    var maxName = Math.max.apply(null, procs.map(function (p) { return titleOf(p).length; }));
    var LW = Math.max(84, Math.min(170, maxName * 7 + 20));
    var n = data.rows.length - 1;
    var extra = (opts.noViolation ? 0 : 1) + (data.failingAction ? 1 : 0) + (data.loopStart !== undefined ? 1 : 0);
    var lanesRight = LEFT + procs.length * LW;
    var NOTES = lanesRight + 44;
    var W = NOTES + 560, H = HEAD + (n + 1 + extra) * ROW + 12;
    var x = function (pid) { return LEFT + (lane[pid] === undefined ? 0 : lane[pid]) * LW + LW / 2; };
    var y = function (step) { return HEAD + step * ROW + ROW / 2; };
    var violationRow = data.firstFailure !== undefined ? data.firstFailure : n;
    var parts = [];
    parts.push('<defs><marker id="arrowhead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="arrowhead"/></marker>' +
      '<marker id="loophead" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" class="loophead"/></marker></defs>');
    // bands: the loop's rows, the violation's row
    if (data.loopStart !== undefined && data.loopStart < n) {
      parts.push('<rect class="loop-band" x="0" y="' + (y(data.loopStart + 1) - ROW / 2) + '" width="' + W + '" height="' + (n - data.loopStart) * ROW + '"/>');
    }
    if (!opts.noViolation) parts.push('<rect class="violation-band" x="0" y="' + (y(violationRow) - ROW / 2) + '" width="' + W + '" height="' + ROW + '"/>');
    parts.push('<rect class="cursor" x="0" y="' + (y(0) - ROW / 2) + '" width="' + W + '" height="' + ROW + '"/>');
    // lanes, dashed while the process is down
    var down = {};
    data.rows.forEach(function (r, i) {
      if (r.kind === 'crash' && r.process !== undefined) down[r.process] = (down[r.process] || []).concat([[i, n + extra]]);
      if (r.kind === 'recover' && r.process !== undefined && down[r.process]) down[r.process][down[r.process].length - 1][1] = i;
    });
    var bottom = H - 8;
    procs.forEach(function (p) {
      var lx = x(p.id);
      var title = titleOf(p), byz = isByz(p);
      parts.push('<g class="lane' + (byz ? ' lane-byz' : '') + '" data-pid="' + p.id + '"><text class="lane-title" x="' + lx + '" y="22" text-anchor="middle">' + esc(title) + '</text>');
      parts.push('<line class="lane-line" x1="' + lx + '" y1="' + (HEAD - 6) + '" x2="' + lx + '" y2="' + bottom + '"/>');
      (down[p.id] || []).forEach(function (d) {
        parts.push('<line class="lane-down" x1="' + lx + '" y1="' + y(d[0]) + '" x2="' + lx + '" y2="' + Math.min(bottom, y(d[1])) + '"><title>' + esc(p.name) + ' is down</title></line>');
      });
      parts.push('</g>');
    });
    // rows: step number, notes, marks
    data.rows.forEach(function (r, i) {
      var ry = y(i);
      var note = i === 0 ? 'initial state' : r.action;
      if (r.indications) note += '  ⇒ ' + r.indications.join(', ');
      parts.push('<g class="row" data-step="' + i + '" data-kind="' + esc(r.kind || '') + '">');
      parts.push('<rect class="hit" x="0" y="' + (ry - ROW / 2) + '" width="' + W + '" height="' + ROW + '"/>');
      parts.push('<text class="step-no" x="' + (LEFT - 10) + '" y="' + (ry + 4) + '" text-anchor="end">' + i + '</text>');
      parts.push('<text class="note" x="' + NOTES + '" y="' + (ry + 4) + '"><title>' + esc(note) + '</title>' + esc(cut(note, 90)) + '</text>');
      var m = markFor(r.kind || '');
      if (i > 0 && r.process === undefined && r.kind) {
        parts.push('<line class="env-step" x1="' + LEFT + '" y1="' + ry + '" x2="' + lanesRight + '" y2="' + ry + '"><title>' + esc(r.action) + '</title></line>');
      } else if (i > 0 && r.process !== undefined) {
        var px = x(r.process);
        if (m === 'crash') parts.push('<g class="mark mark-crash"><title>' + esc(r.action) + '</title><path d="M' + (px - 8) + ' ' + (ry - 8) + 'L' + (px + 8) + ' ' + (ry + 8) + 'M' + (px + 8) + ' ' + (ry - 8) + 'L' + (px - 8) + ' ' + (ry + 8) + '"/></g>');
        else if (m === 'recover') parts.push(badge('recover', px, ry, 'R', r.action));
        else if (m === 'request') {
          parts.push('<line class="request-arrow" x1="' + (px - LW / 2 + 6) + '" y1="' + ry + '" x2="' + (px - 10) + '" y2="' + ry + '" marker-end="url(#arrowhead)"/>');
          parts.push(badge('request', px, ry, '?', 'request ' + (r.request || r.action)));
        } else if (m === 'timer') parts.push(badge('timer', px, ry, 'T', r.action));
        else if (m === 'detector') parts.push(badge('detector', px, ry, 'D', r.action));
        else if (m === 'byzantine') parts.push(badge('byzantine', r.received && r.kind === 'forge' ? x(r.received.from) : px, ry, 'B', r.action));
        else if (m === 'duplicate') parts.push('<g class="mark mark-duplicate"><title>' + esc(r.action) + '</title><text x="' + (px + 10) + '" y="' + (ry - 6) + '">×2</text></g>');
        else if (r.kind !== 'drop') parts.push('<circle class="mark mark-step" cx="' + px + '" cy="' + ry + '" r="3.5"><title>' + esc(r.action) + '</title></circle>');
        if (r.indications) parts.push('<g class="mark mark-indication"><title>' + esc(r.indications.join('\n')) + '</title><rect x="' + (px + 9) + '" y="' + (ry - 8) + '" width="' + Math.min(LW - 14, 8 + 6.2 * r.indications[0].length) + '" height="14" rx="4"/><text x="' + (px + 13) + '" y="' + (ry + 3) + '">' + esc(cut(r.indications[0], Math.floor((LW - 22) / 6.2))) + '</text></g>');
      }
      parts.push('</g>');
    });
    // arrows
    var arrowsAt = {};
    data.arrows.forEach(function (a, k) {
      var x1 = x(a.from), y1 = y(a.send), x2 = x(a.to), y2, d;
      var cls = 'arrow fate-' + a.fate + (a.duplicate ? ' dup' : '') + (a.byzantine ? ' byz' : '');
      var tip = a.text + ' ' + (procs[lane[a.from]] || {}).name + '→' + (procs[lane[a.to]] || {}).name + (a.fate === 'dropped' ? ' (dropped)' : a.fate === 'in-flight' ? ' (still in flight)' : '') + (a.duplicate ? ' (a copy)' : '') + (a.byzantine ? ' (from a Byzantine process)' : '');
      if (a.fate === 'in-flight') {
        y2 = y1 + ROW * 0.9;
        x2 = x1 === x2 ? x1 + 18 : x1 + (x2 - x1) * 0.35;
        d = 'M' + x1 + ' ' + y1 + 'L' + x2 + ' ' + y2;
      } else {
        y2 = y(a.end);
        if (a.fate === 'dropped') x2 = x1 === x2 ? x1 + 14 : x1 + (x2 - x1) * 0.8;
        d = a.from === a.to && a.fate !== 'dropped' ? 'M' + x1 + ' ' + y1 + 'C' + (x1 + 30) + ' ' + y1 + ' ' + (x1 + 30) + ' ' + y2 + ' ' + (x1 + 3) + ' ' + y2 : 'M' + x1 + ' ' + y1 + 'L' + x2 + ' ' + y2;
      }
      var lx = x1 + (x2 - x1) * 0.3, ly = y1 + (y2 - y1) * 0.3 - 3;
      parts.push('<g class="' + cls + '" data-k="' + k + '" data-send="' + a.send + '"' + (a.end !== undefined ? ' data-end="' + a.end + '"' : '') + '><title>' + esc(tip) + '</title>' +
        '<path d="' + d + '"' + (a.fate === 'delivered' ? ' marker-end="url(#arrowhead)"' : '') + '/>' +
        (a.fate === 'dropped' ? '<path class="drop-x" d="M' + (x2 - 5) + ' ' + (y2 - 5) + 'L' + (x2 + 5) + ' ' + (y2 + 5) + 'M' + (x2 + 5) + ' ' + (y2 - 5) + 'L' + (x2 - 5) + ' ' + (y2 + 5) + '"/>' : '') +
        (a.from !== a.to ? '<text class="arrow-label" x="' + lx + '" y="' + ly + '" text-anchor="middle">' + esc(cut(a.name, 14)) + (a.duplicate ? ' ×2' : '') + '</text>' : '') + '</g>');
      [a.send, a.end].forEach(function (s) { if (s !== undefined) (arrowsAt[s] = arrowsAt[s] || []).push(k); });
    });
    // the end: the violation, the step that threw, the loop
    var endRow = n + 1;
    if (data.failingAction) {
      parts.push('<g class="row threw" data-step="' + endRow + '"><text class="step-no" x="' + (LEFT - 10) + '" y="' + (y(endRow) + 4) + '" text-anchor="end">' + endRow + '</text><text class="note violation-text" x="' + NOTES + '" y="' + (y(endRow) + 4) + '">✗ ' + esc(data.failingAction) + ' threw</text></g>');
      endRow++;
    }
    var vx = data.rows[violationRow] && data.rows[violationRow].process !== undefined ? x(data.rows[violationRow].process) : LEFT + 10;
    if (!opts.noViolation) parts.push('<g class="violation-mark"><title>' + esc('violation of ' + data.property + ': ' + data.message) + '</title><circle cx="' + (vx - 14) + '" cy="' + y(violationRow) + '" r="7"/><path d="M' + (vx - 18) + ' ' + (y(violationRow) - 4) + 'L' + (vx - 10) + ' ' + (y(violationRow) + 4) + 'M' + (vx - 10) + ' ' + (y(violationRow) - 4) + 'L' + (vx - 18) + ' ' + (y(violationRow) + 4) + '"/></g>');
    if (data.loopStart !== undefined) {
      var bx = lanesRight + 14;
      if (data.loopStart < n) {
        var top = y(data.loopStart + 1) - ROW / 2 + 4, bot = y(n) + ROW / 2 - 4;
        parts.push('<g class="loop"><title>the steps ' + (data.loopStart + 1) + ' to ' + n + ' repeat forever: after step ' + n + ' the run is back in the state of step ' + data.loopStart + '</title>' +
          '<path class="loop-path" d="M' + (bx - 8) + ' ' + bot + 'L' + bx + ' ' + bot + 'L' + bx + ' ' + top + 'L' + (bx - 8) + ' ' + top + '" marker-end="url(#loophead)"/></g>');
        parts.push('<text class="note loop-text" x="' + NOTES + '" y="' + (y(endRow) + 4) + '">↻ repeats forever: back to the state after step ' + data.loopStart + ', then steps ' + (data.loopStart + 1) + '–' + n + ' again</text>');
      } else {
        parts.push('<g class="loop quiescent"><title>nothing fair is left to do: the run stays in this state forever</title><path class="loop-path" d="M' + (bx - 6) + ' ' + (y(n) + 4) + 'C' + (bx + 14) + ' ' + (y(n) + 14) + ' ' + (bx + 14) + ' ' + (y(n) - 14) + ' ' + (bx - 4) + ' ' + (y(n) - 5) + '" marker-end="url(#loophead)"/></g>');
        parts.push('<text class="note loop-text" x="' + NOTES + '" y="' + (y(endRow) + 4) + '">↻ stays here forever: nothing fair is left to do</text>');
      }
      endRow++;
    }
    if (!opts.noViolation) parts.push('<text class="note violation-text" x="' + NOTES + '" y="' + (y(endRow) + 4) + '">✗ ' + esc(cut('violation of ' + data.property + ': ' + data.message, 110)) + '<title>' + esc(data.message) + '</title></text>');

    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'diagram');
    svg.setAttribute('width', W);
    svg.setAttribute('height', H + ROW);
    svg.innerHTML = parts.join('');
    container.innerHTML = '';
    container.appendChild(svg);
    var cursor = svg.querySelector('.cursor');
    var rowEls = svg.querySelectorAll('g.row[data-step]');
    var arrowEls = svg.querySelectorAll('g.arrow');
    svg.addEventListener('click', function (e) {
      var g = e.target.closest && e.target.closest('g.row');
      if (g && opts.onPick) opts.onPick(Math.min(n, Number(g.getAttribute('data-step'))));
    });
    var hot = [], current = -1;
    return {
      svg: svg,
      rowY: y,
      select: function (i) {
        if (current >= 0 && rowEls[current]) rowEls[current].classList.remove('current');
        hot.forEach(function (k) { arrowEls[k].classList.remove('hot'); });
        current = i;
        cursor.setAttribute('y', y(i) - ROW / 2);
        if (rowEls[i]) rowEls[i].classList.add('current');
        hot = arrowsAt[i] || [];
        hot.forEach(function (k) { arrowEls[k].classList.add('hot'); });
        var box = container.getBoundingClientRect();
        var top = svg.getBoundingClientRect().top - box.top + y(i);
        if (top < ROW || top > container.clientHeight - ROW) container.scrollTop += top - container.clientHeight / 2;
      },
    };
  };
})(window.PC);
