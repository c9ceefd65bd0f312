import { stringify } from 'yaml';
import type { TraceFile } from './trace.ts';
import { adversaryMoves } from './adversary.ts';

/** A compact one-line rendering of a value for terminal output. */
export function brief(v: unknown, max = 160): string {
  const s = render(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function render(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? (/^[\w.:-]+$/.test(v) ? v : JSON.stringify(v)) : String(v);
  if (Array.isArray(v)) return `[${v.map(render).join(', ')}]`;
  // a signature token (src/system/signatures.ts): p0's over [ECHO, a] reads σp0[ECHO, a]
  if (Object.keys(v).length === 2 && 'signed' in v && Number.isInteger((v as { by?: unknown }).by)) return `σp${(v as unknown as { by: number }).by}${render((v as { signed: unknown }).signed)}`;
  if (v instanceof Set) return `{${[...v].map(render).join(', ')}}`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${render(k)} ↦ ${render(x)}`).join(', ')}}`;
  return `{${Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => `${k}: ${render(x)}`).join(', ')}}`;
}

/** The trace as numbered steps with the variables each one changed. */
export function traceToText(t: TraceFile): string {
  const out: string[] = [];
  const n = t.steps.length - 1;
  out.push(traceHeading(t, t.kind === 'liveness' ? 'Lasso' : 'Trace'));
  for (const s of t.steps) {
    const loop = t.loopStart === s.step ? '  ◀ the loop starts here' : '';
    out.push(`${String(s.step).padStart(4)}  ${s.step === 0 ? 'initial state' : s.action}${loop}`);
    for (const [k, v] of Object.entries(s.changes)) out.push(`        ${k} = ${brief(v)}`);
  }
  if (t.loopStart !== undefined) out.push(`        … then back to step ${t.loopStart}, forever`);
  if (t.failingAction) out.push(`${String(n + 1).padStart(4)}  ${t.failingAction}  ✗ threw`);
  for (const line of adversaryMoves(t) ?? []) out.push(`  the adversary: ${line}`);
  out.push(`  violation: ${t.message}`);
  return out.join('\n');
}

/** The heading of a trace: how many steps it shows, the one that threw included. */
export function traceHeading(t: TraceFile, what: string): string {
  const n = t.steps.length - 1 + (t.failingAction ? 1 : 0);
  return `${what} of ${n} step${n === 1 ? '' : 's'} to the violation of ${t.property}${t.failingAction ? ` (step ${n} threw)` : ''}:`;
}

/** Plain data for YAML/JSON: Sets become lists, Maps become lists of pairs. */
export function toData(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(toData);
  if (v instanceof Set) return [...v].map(toData);
  if (v instanceof Map) return [...v].map(([k, x]) => [toData(k), toData(x)]);
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toData(x)]));
}

export function traceToYaml(t: TraceFile): string {
  return stringify(toData(t), { aliasDuplicateObjects: false, lineWidth: 0 });
}
