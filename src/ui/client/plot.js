// A small line plot in SVG: one or more series over a shared x axis, each with an optional band
// (a spread or an interval around it), axis labels, a marker line that can be moved (the
// current step), a title. Any page can reuse it: the trace page plots the messages
// in flight per step; metrics of a search (coverage over time, traffic per protocol) are series
// of the same shape.
'use strict';
(function (PC) {
  var NS = 'http://www.w3.org/2000/svg';
  var COLORS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

  function nice(max) {
    if (max <= 0) return 1;
    var p = Math.pow(10, Math.floor(Math.log10(max)));
    var m = max / p;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
  }

  // shared with the other charts (intervals.js), which load after this file
  PC.COLORS = COLORS;
  PC.niceMax = nice;

  /**
   * PC.plot(container, { title, series: [{ name, points: [[x, y], ...], band: [[x, low, high], ...] }],
   * xLabel, yLabel, yMax, width, height, onPick(x) }) → { setMarker(x), svg }
   */
  PC.plot = function (container, opts) {
    var W = opts.width || 360, H = opts.height || 140, L = opts.yLabel ? 52 : 40, R = 10, T = opts.title ? 20 : 8, B = 28;
    var series = opts.series || [];
    var xs = [], ys = [0];
    series.forEach(function (s) {
      s.points.forEach(function (p) { xs.push(p[0]); ys.push(p[1]); });
      (s.band || []).forEach(function (b) { ys.push(b[2]); });
    });
    var x0 = xs.length ? Math.min.apply(null, xs) : 0, x1 = xs.length ? Math.max.apply(null, xs) : 1;
    if (x1 === x0) x1 = x0 + 1;
    var y1 = opts.yMax || nice(Math.max.apply(null, ys));
    var sx = function (x) { return L + ((x - x0) / (x1 - x0)) * (W - L - R); };
    var sy = function (y) { return H - B - (y / y1) * (H - B - T); };
    var parts = [];
    if (opts.title) parts.push('<text class="plot-title" x="' + L + '" y="13">' + PC.esc(opts.title) + '</text>');
    parts.push('<line class="plot-axis" x1="' + L + '" y1="' + sy(0) + '" x2="' + (W - R) + '" y2="' + sy(0) + '"/>');
    parts.push('<line class="plot-axis" x1="' + L + '" y1="' + T + '" x2="' + L + '" y2="' + sy(0) + '"/>');
    [0, y1 / 2, y1].forEach(function (y) {
      parts.push('<text class="plot-tick" x="' + (L - 4) + '" y="' + (sy(y) + 3) + '" text-anchor="end">' + (Math.round(y * 100) / 100) + '</text>');
    });
    [x0, Math.round((x0 + x1) / 2), x1].forEach(function (x) {
      parts.push('<text class="plot-tick" x="' + sx(x) + '" y="' + (H - B + 12) + '" text-anchor="middle">' + x + '</text>');
    });
    if (opts.yLabel) parts.push('<text class="plot-label plot-ylabel" transform="translate(10 ' + ((T + sy(0)) / 2) + ') rotate(-90)" text-anchor="middle">' + PC.esc(opts.yLabel) + '</text>');
    series.forEach(function (s, i) {
      if (!s.band || !s.band.length) return;
      var up = s.band.map(function (b, j) { return (j ? 'L' : 'M') + sx(b[0]).toFixed(1) + ' ' + sy(Math.min(y1, b[2])).toFixed(1); }).join('');
      var down = s.band.slice().reverse().map(function (b) { return 'L' + sx(b[0]).toFixed(1) + ' ' + sy(Math.max(0, b[1])).toFixed(1); }).join('');
      parts.push('<path class="plot-band" data-series="' + PC.esc(s.name) + '" d="' + up + down + 'Z" fill="' + (s.color || COLORS[i % COLORS.length]) + '"/>');
    });
    if (opts.xLabel) parts.push('<text class="plot-label" x="' + (W - R) + '" y="' + (H - 3) + '" text-anchor="end">' + PC.esc(opts.xLabel) + '</text>');
    series.forEach(function (s, i) {
      var d = s.points.map(function (p, j) { return (j ? 'L' : 'M') + sx(p[0]).toFixed(1) + ' ' + sy(p[1]).toFixed(1); }).join('');
      parts.push('<path class="plot-line" data-series="' + PC.esc(s.name) + '" d="' + d + '" stroke="' + (s.color || COLORS[i % COLORS.length]) + '"><title>' + PC.esc(s.name) + '</title></path>');
    });
    if (series.length > 1) series.forEach(function (s, i) {
      parts.push('<text class="plot-legend" x="' + (W - R) + '" y="' + (T + 10 + i * 12) + '" text-anchor="end" fill="' + (s.color || COLORS[i % COLORS.length]) + '">' + PC.esc(s.name) + '</text>');
    });
    parts.push('<line class="plot-marker" x1="0" x2="0" y1="' + T + '" y2="' + sy(0) + '" visibility="hidden"/>');
    var svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', 'plot');
    svg.setAttribute('width', W);
    svg.setAttribute('height', H);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svg.innerHTML = parts.join('');
    container.appendChild(svg);
    var marker = svg.querySelector('.plot-marker');
    if (opts.onPick) svg.addEventListener('click', function (e) {
      var r = svg.getBoundingClientRect();
      var x = x0 + ((e.clientX - r.left) * (W / r.width) - L) / (W - L - R) * (x1 - x0);
      opts.onPick(Math.round(Math.max(x0, Math.min(x1, x))));
    });
    return {
      svg: svg,
      setMarker: function (x) {
        marker.setAttribute('x1', sx(x));
        marker.setAttribute('x2', sx(x));
        marker.setAttribute('visibility', 'visible');
      },
    };
  };
})(window.PC);
