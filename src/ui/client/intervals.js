// Estimates drawn with their uncertainty, in SVG: PC.intervals compares one metric across
// protocols (a row each: the estimate as a dot, its confidence interval as a whisker, the spec's
// bound as a dashed line), PC.histogram draws the per-run values of one metric (ten bins, or
// no/yes for a probability) with the interval of the estimate above the bars.
'use strict';
(function (PC) {
  var NS = 'http://www.w3.org/2000/svg';
  // plot.js, loaded first, has the palette and the axis rounding
  var COLORS = PC.COLORS;
  var nice = PC.niceMax;
  function num(x) { return Math.abs(x) >= 100 || x === Math.round(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(3); }
  function svgOf(cls, W, H, parts) {
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', 'plot ' + cls);
    svg.setAttribute('width', W);
    svg.setAttribute('height', H);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.innerHTML = parts.join('');
    return svg;
  }
  /** The number in a bound such as '<= 0.05' or '>= 0.99'. */
  PC.boundValue = function (text) {
    var m = /(-?[0-9.]+(?:e-?[0-9]+)?)\s*$/.exec(String(text || ''));
    return m ? Number(m[1]) : undefined;
  };

  /** PC.intervals(container, { title, xLabel, rows: [{ name, estimate, low, high, bound }] }): a row's bound (its spec's, e.g. '<= 0.05') is a dashed mark across it. */
  PC.intervals = function (container, opts) {
    var rows = opts.rows, ROW = 22, L = 150, R = 16, T = opts.title ? 22 : 8, B = 30, W = opts.width || 520;
    var H = T + rows.length * ROW + B;
    var his = rows.map(function (r) { return Number.isFinite(r.high) ? r.high : r.estimate; });
    rows.forEach(function (r) { var b = r.bound && PC.boundValue(r.bound); if (b !== undefined) his.push(b); });
    var los = rows.map(function (r) { return Number.isFinite(r.low) ? r.low : r.estimate; });
    var x0 = Math.min(0, Math.min.apply(null, los)), x1 = nice(Math.max.apply(null, his.concat([0])));
    if (x1 === x0) x1 = x0 + 1;
    var sx = function (x) { return L + ((x - x0) / (x1 - x0)) * (W - L - R); };
    var parts = [];
    if (opts.title) parts.push('<text class="plot-title" x="4" y="14">' + PC.esc(opts.title) + '</text>');
    var yAxis = T + rows.length * ROW;
    parts.push('<line class="plot-axis" x1="' + L + '" y1="' + yAxis + '" x2="' + (W - R) + '" y2="' + yAxis + '"/>');
    [x0, (x0 + x1) / 2, x1].forEach(function (x) {
      parts.push('<text class="plot-tick" x="' + sx(x) + '" y="' + (yAxis + 12) + '" text-anchor="middle">' + num(x) + '</text>');
    });
    if (opts.xLabel) parts.push('<text class="plot-label" x="' + (W - R) + '" y="' + (H - 3) + '" text-anchor="end">' + PC.esc(opts.xLabel) + '</text>');
    rows.forEach(function (r, i) {
      var y = T + i * ROW + ROW / 2, c = COLORS[i % COLORS.length];
      var lo = Number.isFinite(r.low) ? r.low : r.estimate, hi = Number.isFinite(r.high) ? r.high : r.estimate;
      var bv = r.bound && PC.boundValue(r.bound);
      if (bv !== undefined) parts.push('<line class="plot-bound" x1="' + sx(bv) + '" x2="' + sx(bv) + '" y1="' + (y - ROW / 2 + 2) + '" y2="' + (y + ROW / 2 - 2) + '"><title>' + PC.esc(r.name) + ': bound ' + PC.esc(r.bound) + '</title></line>');
      parts.push('<g class="interval-row" data-series="' + PC.esc(r.name) + '">' +
        '<text class="plot-tick" x="' + (L - 6) + '" y="' + (y + 3) + '" text-anchor="end">' + PC.esc(r.name.length > 24 ? r.name.slice(0, 23) + '…' : r.name) + '</text>' +
        '<line class="whisker" x1="' + sx(lo) + '" x2="' + sx(hi) + '" y1="' + y + '" y2="' + y + '" stroke="' + c + '"/>' +
        '<circle class="estimate" cx="' + sx(r.estimate) + '" cy="' + y + '" r="3.5" fill="' + c + '"/>' +
        '<title>' + PC.esc(r.name + ': ' + num(r.estimate) + ' [' + num(lo) + ', ' + num(hi) + ']') + '</title></g>');
    });
    var svg = svgOf('intervals', W, H, parts);
    container.appendChild(svg);
    return svg;
  };

  /** PC.histogram(container, { title, kind, min, max, counts, interval: { estimate, low, high }, xLabel }) */
  PC.histogram = function (container, opts) {
    var W = opts.width || 260, H = opts.height || 110, L = 34, R = 10, T = opts.title ? 30 : 16, B = 24;
    var counts = opts.counts, n = counts.length, top = nice(Math.max.apply(null, counts.concat([1])));
    var proportion = opts.kind === 'proportion';
    var lo = proportion ? 0 : opts.min, hi = proportion ? 1 : opts.max;
    if (hi === lo) hi = lo + 1;
    var sx = function (x) { return L + ((x - lo) / (hi - lo)) * (W - L - R); };
    var sy = function (c) { return H - B - (c / top) * (H - B - T); };
    var parts = [];
    if (opts.title) parts.push('<text class="plot-title" x="4" y="12">' + PC.esc(opts.title) + '</text>');
    var bw = (W - L - R) / n;
    counts.forEach(function (c, i) {
      var x = L + i * bw, label = proportion ? (i ? 'yes' : 'no') : num(lo + (i * (hi - lo)) / n) + '–' + num(lo + ((i + 1) * (hi - lo)) / n);
      parts.push('<rect class="bar" x="' + (x + 1).toFixed(1) + '" y="' + sy(c).toFixed(1) + '" width="' + Math.max(1, bw - 2).toFixed(1) + '" height="' + (H - B - sy(c)).toFixed(1) + '"><title>' + PC.esc(label + ': ' + c + ' runs') + '</title></rect>');
    });
    parts.push('<line class="plot-axis" x1="' + L + '" y1="' + (H - B) + '" x2="' + (W - R) + '" y2="' + (H - B) + '"/>');
    parts.push('<text class="plot-tick" x="' + (L - 4) + '" y="' + (sy(top) + 3) + '" text-anchor="end">' + top + '</text>');
    parts.push('<text class="plot-tick" x="' + (L - 4) + '" y="' + (H - B + 3) + '" text-anchor="end">0</text>');
    if (proportion) {
      parts.push('<text class="plot-tick" x="' + (L + bw / 2) + '" y="' + (H - B + 12) + '" text-anchor="middle">no</text>');
      parts.push('<text class="plot-tick" x="' + (L + 1.5 * bw) + '" y="' + (H - B + 12) + '" text-anchor="middle">yes</text>');
    } else {
      parts.push('<text class="plot-tick" x="' + L + '" y="' + (H - B + 12) + '" text-anchor="start">' + num(lo) + '</text>');
      parts.push('<text class="plot-tick" x="' + (W - R) + '" y="' + (H - B + 12) + '" text-anchor="end">' + num(hi) + '</text>');
    }
    parts.push('<text class="plot-label" x="' + ((L + W - R) / 2) + '" y="' + (H - 2) + '" text-anchor="middle">' + PC.esc(opts.xLabel || 'runs by value') + '</text>');
    var iv = opts.interval;
    if (iv && !proportion) {
      var y = T - 6;
      var a = sx(Math.max(lo, Number.isFinite(iv.low) ? iv.low : iv.estimate)), b = sx(Math.min(hi, Number.isFinite(iv.high) ? iv.high : iv.estimate));
      parts.push('<g class="histogram-interval"><line class="whisker" x1="' + a + '" x2="' + b + '" y1="' + y + '" y2="' + y + '"/><circle class="estimate" cx="' + sx(iv.estimate) + '" cy="' + y + '" r="3"/><title>mean ' + num(iv.estimate) + ' [' + num(iv.low) + ', ' + num(iv.high) + ']</title></g>');
    }
    var svg = svgOf('histogram', W, H, parts);
    container.appendChild(svg);
    return svg;
  };
})(window.PC);
