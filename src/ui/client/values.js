// A value as HTML with what changed since the previous one marked: changed leaves and fields
// in <mark>, list elements that appeared marked, those that went away struck through.
'use strict';
(function (PC) {
  var esc = PC.esc, equal = PC.equal;
  var LIST_MAX = 24;

  function scalar(v) {
    if (v === undefined) return '<span class="v-undef">undefined</span>';
    if (v === null) return '<span class="v-null">null</span>';
    if (typeof v === 'string') return '<span class="v-str">' + esc(v) + '</span>';
    if (typeof v === 'number' || typeof v === 'boolean') return '<span class="v-num">' + esc(String(v)) + '</span>';
    return esc(JSON.stringify(v));
  }

  // a list element's identity for the multiset comparison: strings as they are (most lists are of strings)
  function keyOf(x) {
    return typeof x === 'string' ? 's' + x : 'j' + JSON.stringify(x);
  }

  function isScalar(v) {
    return v === null || typeof v !== 'object';
  }

  function brief(v) {
    var s = isScalar(v) ? (typeof v === 'string' ? v : String(v)) : JSON.stringify(v);
    return s.length > 120 ? s.slice(0, 119) + '…' : s;
  }

  /**
   * A list: elements compared as a multiset with the previous list's (a network, a log). A long
   * list shows what changed, its ends and around the changes, unless PC.fullLists is set.
   */
  function list(v, prev, hasPrev, depth) {
    if (v.length === 0 && !(hasPrev && Array.isArray(prev) && prev.length)) return '<span class="v-empty">[]</span>';
    // a list of the same length is read by position (a value per resource manager, per process)
    if (hasPrev && Array.isArray(prev) && prev.length === v.length && v.length <= LIST_MAX) {
      return '<ol class="v-list" start="0">' + v.map(function (x, i) {
        if (equal(x, prev[i])) return '<li>' + value(x, undefined, false, depth + 1) + '</li>';
        return '<li class="v-new">' + (isScalar(x) ? '<mark>' + scalar(x) + '</mark> <del class="v-gone">' + esc(brief(prev[i])) + '</del>' : value(x, prev[i], true, depth + 1)) + '</li>';
      }).join('') + '</ol>';
    }
    var before = {};
    if (hasPrev && Array.isArray(prev)) prev.forEach(function (x) { var k = keyOf(x); before[k] = (before[k] || 0) + 1; });
    var fresh = v.map(function (x) {
      if (!hasPrev) return false;
      var k = keyOf(x);
      if (before[k]) { before[k]--; return false; }
      return hasPrev;
    });
    var long = !PC.fullLists && v.length > LIST_MAX;
    var show = v.map(function (x, i) { return !long || i < 3 || i >= v.length - 3 || fresh[i] || fresh[i - 1] || fresh[i + 1]; });
    var out = [], hidden = 0;
    v.forEach(function (x, i) {
      if (!show[i]) { hidden++; return; }
      if (hidden) { out.push('<li class="v-more">… ' + hidden + ' more</li>'); hidden = 0; }
      // same position, not new: show the changes inside it
      var p = !fresh[i] && hasPrev && Array.isArray(prev) && !isScalar(x) && prev[i] !== undefined ? prev[i] : undefined;
      var inner = isScalar(x) ? scalar(x) : value(x, p, p !== undefined, depth + 1);
      out.push('<li value="' + i + '"' + (fresh[i] ? ' class="v-new"><mark>' + inner + '</mark>' : '>' + inner) + '</li>');
    });
    if (hidden) out.push('<li class="v-more">… ' + hidden + ' more</li>');
    Object.keys(before).forEach(function (k) {
      for (var c = 0; c < before[k]; c++) out.push('<li class="v-gone" title="gone since the previous step"><del>' + esc(brief(k.charAt(0) === 's' ? k.slice(1) : JSON.parse(k.slice(1)))) + '</del></li>');
    });
    return '<ol class="v-list" start="0">' + out.join('') + '</ol>';
  }

  function record(v, prev, hasPrev, depth) {
    var keys = Object.keys(v);
    var p = hasPrev && prev && typeof prev === 'object' && !Array.isArray(prev) ? prev : null;
    if (keys.length === 0 && !(p && Object.keys(p).length)) return '<span class="v-empty">{}</span>';
    var rows = keys.map(function (k) {
      var had = p !== null && Object.prototype.hasOwnProperty.call(p, k);
      var changed = hasPrev && (!had || !equal(v[k], p[k]));
      var inner = value(v[k], had ? p[k] : undefined, had, depth + 1);
      return '<div class="v-field' + (changed ? ' v-changed' : '') + '"><span class="v-key">' + esc(k) + '</span> ' + (changed && isScalar(v[k]) ? '<mark>' + inner + '</mark>' : inner) + '</div>';
    });
    if (p) Object.keys(p).forEach(function (k) {
      if (!Object.prototype.hasOwnProperty.call(v, k)) rows.push('<div class="v-field v-gone"><span class="v-key">' + esc(k) + '</span> <del>' + esc(brief(p[k])) + '</del></div>');
    });
    return '<div class="v-rec">' + rows.join('') + '</div>';
  }

  /** HTML for v; with hasPrev, what differs from prev is marked. */
  function value(v, prev, hasPrev, depth) {
    depth = depth || 0;
    if (isScalar(v)) return hasPrev && !equal(v, prev) ? '<mark>' + scalar(v) + '</mark>' : scalar(v);
    if (depth > 8) return '<span class="v-deep">' + esc(brief(v)) + '</span>';
    if (Array.isArray(v)) return list(v, prev, hasPrev, depth);
    return record(v, prev, hasPrev, depth);
  }

  PC.valueHtml = function (v, prev, hasPrev) {
    return value(v, prev, !!hasPrev, 0);
  };

  /**
   * The variables of a state as blocks, one per variable: `vars` and `prev` are records of
   * top-level variables; a block whose variable changed is marked and opened.
   */
  PC.stateHtml = function (vars, prev) {
    return Object.keys(vars).map(function (k) {
      var changed = prev !== null && prev !== undefined && !equal(vars[k], prev[k]);
      return '<section class="var' + (changed ? ' changed' : '') + '" data-var="' + esc(k) + '"><h4>' + esc(k) + (changed ? ' <span class="chg-badge">changed</span>' : '') + '</h4>' + value(vars[k], prev ? prev[k] : undefined, !!prev, 0) + '</section>';
    }).join('');
  };
})(window.PC);
