/**
 * Positions ordered by a numeric key, ties by position. When the keys are non-negative
 * integers small enough (history times usually are: Jepsen's are event positions), key and
 * position are packed into one float and sorted natively, several times faster than a
 * comparator on 200,000 events; other keys take the comparator.
 */
export function orderBy(keys: ArrayLike<number>): Int32Array {
  const n = keys.length;
  let max = 0;
  let packable = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (!(k >= 0 && Number.isInteger(k))) {
      packable = false;
      break;
    }
    if (k > max) max = k;
  }
  const out = new Int32Array(n);
  if (packable && (max + 1) * n < Number.MAX_SAFE_INTEGER) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = keys[i] * n + i;
    packed.sort();
    for (let i = 0; i < n; i++) out[i] = packed[i] % n;
    return out;
  }
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => keys[a] - keys[b] || a - b);
  out.set(idx);
  return out;
}
