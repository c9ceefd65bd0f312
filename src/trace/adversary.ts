/**
 * The Byzantine adversary's moves in a trace, in a sentence: what each Byzantine process sent to
 * whom (the trace's `forge` steps), and the equivocations among them (messages of one type that
 * differ from one recipient to another), so that a reader sees the attack before the steps.
 */
import type { TraceFile } from './trace.ts';

function text(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? v : String(v);
  if (Array.isArray(v)) return `[${v.map(text).join(',')}]`;
  const o = v as Record<string, unknown>;
  if (Object.keys(o).length === 2 && 'signed' in o && Number.isInteger(o.by)) return `σp${o.by}${text(o.signed)}`;
  return `{${Object.entries(o).map(([k, x]) => `${k}:${text(x)}`).join(',')}}`;
}

/** `ECHO(v=a)`, as the system's labels write a message. */
function messageText(m: unknown): string {
  if (m === null || typeof m !== 'object' || typeof (m as { type?: unknown }).type !== 'string') return text(m);
  const { type, ...fields } = m as Record<string, unknown>;
  const parts = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${text(v)}`);
  return parts.length ? `${type}(${parts.join(', ')})` : String(type);
}

/** One line per Byzantine process that moved, or undefined for a trace without adversary moves. */
export function adversaryMoves(t: TraceFile): string[] | undefined {
  const by = new Map<number, { to: number; m: unknown }[]>();
  for (const s of t.steps) {
    if (s.kind !== 'forge' || !s.received || s.process === undefined) continue;
    const list = by.get(s.received.from) ?? by.set(s.received.from, []).get(s.received.from)!;
    list.push({ to: s.process, m: s.received.message });
  }
  if (!by.size) return undefined;
  return [...by].map(([p, moves]) => {
    const sent = moves.map((x) => `${messageText(x.m)} to p${x.to}`).join(', ');
    const types = new Map<string, Map<string, number[]>>();
    for (const x of moves) {
      const type = String((x.m as { type?: unknown })?.type);
      const byText = types.get(type) ?? types.set(type, new Map()).get(type)!;
      const k = messageText(x.m);
      byText.set(k, [...(byText.get(k) ?? []), x.to]);
    }
    const equivocations = [...types.values()]
      .filter((m) => m.size > 1)
      .map((m) => [...m].map(([k, to]) => `${k} to ${to.map((q) => `p${q}`).join(', ')}`).join(' and '));
    return `p${p} (Byzantine) sends ${sent}${equivocations.length ? `; equivocation: ${equivocations.join('; ')}` : ''}`;
  });
}
