// Shared by every page: a namespace, DOM helpers, the embedded data, deep equality.
// Plain browser JavaScript (no modules, no build step): the Node side inlines these files.
'use strict';
var PC = (window.PC = window.PC || {});

PC.esc = function (s) {
  return String(s).replace(/[&<>"']/g, function (c) {
    return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
  });
};

/** el('div', { class: 'x', onclick: f }, child, 'text', ...) */
PC.el = function (tag, attrs) {
  var e = document.createElement(tag);
  for (var k in attrs || {}) {
    var v = attrs[k];
    if (v === undefined || v === null || v === false) continue;
    if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), v);
    else if (k === 'html') e.innerHTML = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (var i = 2; i < arguments.length; i++) {
    var c = arguments[i];
    if (c === undefined || c === null || c === false) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
};

PC.data = function () {
  var node = document.getElementById('protocheck-data');
  return node ? JSON.parse(node.textContent) : null;
};

PC.equal = function equal(a, b) {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  var ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (var j = 0; j < ka.length; j++) if (!Object.prototype.hasOwnProperty.call(b, ka[j]) || !equal(a[ka[j]], b[ka[j]])) return false;
  return true;
};

/** Runs f at most once per animation frame with the latest arguments (scroll, drag, key repeat). */
PC.throttle = function (f) {
  var pending = null;
  return function () {
    var args = arguments;
    if (pending === null) {
      pending = requestAnimationFrame(function () {
        pending = null;
        f.apply(null, args);
      });
    }
  };
};

/** Steps through 0..n-1 from the keyboard: arrows, j/k, Home/End, PageUp/PageDown (10 at a time). */
PC.stepKeys = function (get, set, count) {
  document.addEventListener('keydown', function (e) {
    if (e.target && /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName) && e.target.type !== 'range') return;
    var i = get(), n = count();
    var to = { ArrowRight: i + 1, ArrowDown: i + 1, j: i + 1, n: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, k: i - 1, p: i - 1, Home: 0, End: n - 1, PageDown: i + 10, PageUp: i - 10 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    set(Math.max(0, Math.min(n - 1, to)));
  });
};
