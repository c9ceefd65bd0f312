// The opt-in real-time information in the system history: with `realTime: true`, each request
// event records how many indications each process had emitted; without it, nothing changes.
import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineProtocol } from '../../src/system/protocol.ts';
import { SystemModel } from '../../src/system/system.ts';
import type { World, SysAction } from '../../src/system/world.ts';
import type { SystemConfig } from '../../src/system/config.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import { registerOperations, precedes } from '../../properties/registers/operations.ts';

// A register held locally at every process (not replicated): enough to see the bookkeeping.
const local = defineProtocol<{ message: { type: 'NONE' }; request: { type: 'write'; v: number } | { type: 'read' }; indication: { type: 'respond'; v?: number } }, { v: number | null }>({
  name: 'local-register',
  init: () => ({ v: null }),
  requests: {
    write(s, req, ctx) {
      s.v = req.v;
      ctx.indicate({ type: 'respond' });
    },
    read(s, _req, ctx) {
      ctx.indicate({ type: 'respond', v: s.v ?? undefined });
    },
  },
});

function config(realTime: boolean | undefined): SystemConfig {
  return {
    processes: [{ role: 'process', count: 2 }],
    network: { ordering: 'unordered', loss: 'none', duplication: false, partitions: [], maxPartitions: 0 },
    faults: { model: 'none', max: 0 },
    failureDetector: 'none',
    workload: [
      { process: 0, request: { type: 'write', v: 1 } },
      { process: 1, request: { type: 'read' } },
    ],
    determinism: 'off',
    ...(realTime === undefined ? {} : { realTime }),
  };
}

function run(m: SystemModel, pick: (a: SysAction) => boolean): World {
  let w = m.initialStates()[0];
  for (;;) {
    const a = m.actions(w).find(pick) ?? m.actions(w)[0];
    if (!a) return w;
    w = m.next(w, a);
  }
}

describe('realTime', () => {
  it('records, per request, the indications each process had emitted', () => {
    const m = new SystemModel(local, config(true), { name: 'x', params: {}, properties: [] });
    // p0 writes first, then p1 reads
    const w = run(m, (a) => a.t === 'request' && a.p === 0);
    expect(w.history[0][0]).toMatchObject({ k: 'request', before: [0, 0] });
    expect(w.history[1][0]).toMatchObject({ k: 'request', before: [1, 0] });
    const [write, read] = registerOperations(m.historyOf(w));
    expect(precedes(write, read)).toBe(true);
    // the other order: p1 reads first
    const w2 = run(m, (a) => a.t === 'request' && a.p === 1);
    expect(w2.history[0][0]).toMatchObject({ k: 'request', before: [0, 1] });
    const ops = registerOperations(m.historyOf(w2));
    expect(ops.map((o) => o.kind)).toEqual(['read', 'write']);
    expect(precedes(ops[0], ops[1])).toBe(true);
  });

  it('is off by default: request events stay as they were', () => {
    for (const rt of [undefined, false]) {
      const m = new SystemModel(local, config(rt), { name: 'x', params: {}, properties: [] });
      const w = run(m, () => true);
      for (const h of w.history) for (const e of h) expect('before' in e).toBe(false);
    }
  });

  it('is read from the spec', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, 'protocol: ./p.ts\nrealTime: true\n');
    expect(loadSpec(file).system?.realTime).toBe(true);
    writeFileSync(file, 'protocol: ./p.ts\n');
    expect(loadSpec(file).system?.realTime).toBeUndefined();
    writeFileSync(file, 'protocol: ./p.ts\nrealTime: yes\n');
    expect(() => loadSpec(file)).toThrow();
  });
});
