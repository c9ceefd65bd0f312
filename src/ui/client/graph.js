// The state graph around the current state, hand-drawn in SVG (smaller than a layout library
// for the few dozen states it shows): one column per distance from the current state (its
// predecessor on the path to the left), states that break an invariant in red, an edge per
// action with its label on hover; clicking a state goes there.
'use strict';
(function (PC) {
  var esc = PC.esc;
  var COL = 100, ROWH = 30, TOP = 24, LEFT = 16;

  /** PC.drawGraph(container, { nodes, edges, truncated }, { current, onPick(path) }) */
  PC.drawGraph = function (container, g, opts) {
    var cols = {}, pos = {};
    var minDepth = Math.min.apply(null, g.nodes.map(function (n) { return n.depth; }).concat([0]));
    g.nodes.forEach(function (n) {
      var c = (cols[n.depth] = cols[n.depth] || []);
      pos[n.id] = { x: LEFT + (n.depth - minDepth) * COL + 10, y: TOP + c.length * ROWH + 10, n: n };
      c.push(n);
    });
    var tallest = Math.max.apply(null, Object.keys(cols).map(function (k) { return cols[k].length; }));
    var depths = Object.keys(cols).length;
    var W = LEFT * 2 + depths * COL, H = TOP + tallest * ROWH + 20;
    var parts = ['<defs><marker id="gArrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z" fill="#6b7280"/></marker></defs>'];
    Object.keys(cols).forEach(function (d) {
      var label = d === '-1' ? 'before' : d === '0' ? 'here' : '+' + d + (d === '1' ? ' step' : ' steps');
      parts.push('<text class="g-col" x="' + (LEFT + (Number(d) - minDepth) * COL + 10) + '" y="12" text-anchor="middle">' + label + '</text>');
    });
    g.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      if (!a || !b) return;
      var d;
      if (a === b) d = 'M' + (a.x + 7) + ' ' + (a.y - 6) + 'C' + (a.x + 30) + ' ' + (a.y - 24) + ' ' + (a.x + 30) + ' ' + (a.y + 12) + ' ' + (a.x + 9) + ' ' + (a.y + 3);
      else if (b.x > a.x) d = 'M' + (a.x + 9) + ' ' + a.y + 'C' + (a.x + COL / 2) + ' ' + a.y + ' ' + (b.x - COL / 2) + ' ' + b.y + ' ' + (b.x - 10) + ' ' + b.y;
      else d = 'M' + a.x + ' ' + (a.y + 9) + 'C' + a.x + ' ' + (a.y + 40) + ' ' + b.x + ' ' + (b.y + 40) + ' ' + b.x + ' ' + (b.y + 10);
      parts.push('<path class="g-edge" d="' + d + '" marker-end="url(#gArrow)"><title>' + esc(e.label) + '</title></path>');
    });
    g.nodes.forEach(function (n) {
      var p = pos[n.id];
      var cls = 'g-node' + (n.id === opts.current ? ' current' : '') + (n.violates ? ' violates' : '');
      parts.push('<g class="' + cls + '" data-id="' + n.id + '" data-depth="' + n.depth + '" data-path="' + n.path.join('.') + '"><title>state ' + n.id + (n.violates ? ' (breaks an invariant)' : '') + '\npath ' + n.path.join('.') + '</title>' +
        '<circle cx="' + p.x + '" cy="' + p.y + '" r="9"/><text x="' + (p.x + 13) + '" y="' + (p.y + 4) + '">' + n.id.slice(0, 4) + '</text></g>');
    });
    if (g.truncated) parts.push('<text class="g-col" x="' + LEFT + '" y="' + (H - 4) + '">… more states than shown</text>');
    var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('class', 'graph');
    svg.setAttribute('width', W);
    svg.setAttribute('height', H);
    svg.innerHTML = parts.join('');
    container.innerHTML = '';
    container.appendChild(svg);
    svg.addEventListener('click', function (e) {
      var node = e.target.closest && e.target.closest('g.g-node');
      if (node && opts.onPick) opts.onPick(node.getAttribute('data-path').split('.').map(Number));
    });
    return svg;
  };
})(window.PC);
