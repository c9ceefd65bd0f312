// What a step shows beside the diagram, shared by the trace page and the explorer: the full
// state at every step rebuilt from the per-step changes, what the step did, each property's
// verdict, the history.
'use strict';
(function (PC) {
  var esc = PC.esc;

  /** The twin of src/ui/delta.ts: the next value from the previous one and their delta. */
  PC.applyDelta = function apply(prev, d) {
    if (d[0] === '=') return d[1];
    var out;
    if (d[0] === 'o') {
      out = Object.assign({}, prev);
      d[2].forEach(function (k) { delete out[k]; });
      for (var k in d[1]) out[k] = apply(out[k], d[1][k]);
      return out;
    }
    out = prev.slice();
    d[1].forEach(function (s) { out.splice.apply(out, [s[0], s[1]].concat(s[2])); });
    return out;
  };

  /** Full variables and history at every step, from the per-step changes (shared references: cheap). */
  PC.statesOf = function (data) {
    var vars = [], hist = [], v = {}, h = [];
    data.rows.forEach(function (r) {
      v = Object.assign({}, v, r.changes);
      for (var k in r.deltas || {}) v[k] = PC.applyDelta(v[k], r.deltas[k]);
      vars.push(v);
      if (r.history) {
        h = h.slice();
        r.history.forEach(function (d) { h[d.p] = d.reset ? d.reset : (h[d.p] || []).concat(d.add); });
      }
      hist.push(h);
    });
    return { vars: vars, hist: hist };
  };

  /** What the step did, in a few lines. */
  PC.stepDetail = function (data, i) {
    var r = data.rows[i];
    var name = function (pid) { var p = data.processes.filter(function (q) { return q.id === pid; })[0]; return p ? p.name : 'p' + pid; };
    var lines = [];
    if (i === 0) lines.push('the initial state');
    else {
      lines.push('<b>' + esc(r.action) + '</b>' + (r.process !== undefined ? ' · by ' + esc(name(r.process)) : '') + (r.kind ? ' · ' + esc(r.kind) : ''));
      if (r.received) lines.push((r.kind === 'drop' ? 'lost: ' : r.kind === 'duplicate' ? 'receives a copy (the network keeps the message) of ' : 'receives ') + esc(r.received.text) + ' from ' + esc(name(r.received.from)));
      if (r.request) lines.push('request ' + esc(r.request));
      data.arrows.forEach(function (a) { if (a.send === i && !(a.duplicate && r.kind === 'duplicate')) lines.push('sends ' + esc(a.text) + ' to ' + esc(name(a.to)) + (a.fate === 'dropped' ? ' (dropped at step ' + a.end + ')' : a.fate === 'in-flight' ? ' (never delivered in this trace)' : ' (delivered at step ' + a.end + ')')); });
      if (r.indications) lines.push('indicates ' + r.indications.map(esc).join(', '));
    }
    return lines.map(function (l) { return '<div>' + l + '</div>'; }).join('');
  };

  /** Each property at step i: holds / fails here, settled / what it is waiting for. */
  PC.verdictsHtml = function (data, i) {
    var r = data.rows[i];
    if (!r.verdicts) return '<p class="muted">no verdicts at this step (not replayed)</p>';
    var n = data.rows.length - 1;
    var order = data.properties.map(function (p, j) { return j; }).sort(function (a, b) { return (data.properties[b].violated ? 1 : 0) - (data.properties[a].violated ? 1 : 0); });
    return order.map(function (j) {
      var p = data.properties[j], t = r.verdicts[j], ok = t < 0, msg = ok ? '' : data.texts[t];
      var cls, word;
      if (p.kind === 'safety') { cls = ok ? 'ok' : 'bad'; word = ok ? 'holds' : 'fails here'; }
      else { cls = ok ? 'ok' : 'wait'; word = ok ? 'settled' : 'waiting'; }
      var more = '';
      if (p.violated && p.kind === 'safety' && data.firstFailure !== undefined) more = ' <a href="#step=' + data.firstFailure + '" data-go="' + data.firstFailure + '">first fails at step ' + data.firstFailure + '</a>';
      if (p.violated && p.kind === 'liveness' && data.loopStart !== undefined) {
        more = data.loopStart < n ? ' · violated: steps ' + (data.loopStart + 1) + '–' + n + ' repeat forever and the goal is never reached for good' : ' · violated: the run stays in the last state forever';
        if (i >= data.loopStart && !ok) cls = 'bad';
      }
      return '<div class="prop ' + cls + (p.violated ? ' violated' : '') + '" data-prop="' + esc(p.name) + '" data-status="' + word + '">' +
        '<span class="icon">' + (cls === 'ok' ? '✓' : cls === 'bad' ? '✗' : '…') + '</span> <b>' + esc(p.name) + '</b> <span class="muted">' + p.kind + (p.forGood ? ', for good' : '') + '</span> ' + word + more +
        (msg ? '<div class="prop-msg">' + esc(msg) + '</div>' : '') + '</div>';
    }).join('');
  };

  PC.historyHtml = function (data, hist, i) {
    var h = hist[i], before = i > 0 ? hist[i - 1] : [];
    if (!h.length) return '';
    return h.map(function (events, p) {
      var name = (data.processes[p] || { name: 'p' + p }).name;
      var old = before[p] || [];
      var fresh = events === old ? 0 : Math.max(0, events.length - old.length);
      var from = PC.fullLists ? 0 : Math.max(0, events.length - fresh - 6);
      var items = (from ? '<li class="v-more">… ' + from + ' earlier</li>' : '') + events.slice(from).map(function (e, k) { k += from; return '<li value="' + k + '"' + (k >= events.length - fresh ? ' class="v-new"><mark>' + esc(e) + '</mark>' : '>' + esc(e)) + '</li>'; }).join('');
      return '<div class="hist-proc"><span class="v-key">' + esc(name) + '</span>' + (items ? '<ol class="v-list">' + items + '</ol>' : ' <span class="v-empty">nothing yet</span>') + '</div>';
    }).join('');
  };
})(window.PC);
