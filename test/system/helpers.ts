import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bfs } from '../../src/core/bfs.ts';
import { loadSpec } from '../../src/spec/spec.ts';
import type { SearchOptions } from '../../src/core/search.ts';
import type { SystemConfig } from '../../src/system/config.ts';
import type { SystemProperty } from '../../src/system/history.ts';
import type { ProtocolModule } from '../../src/system/protocol.ts';
import { SystemModel } from '../../src/system/system.ts';
import { propertyDefs } from '../../properties/index.ts';

export function config(over: Partial<SystemConfig> = {}): SystemConfig {
  return {
    processes: [{ role: 'process', count: 2 }],
    network: { ordering: 'unordered', loss: 'none', duplication: false, partitions: [], maxPartitions: 0 },
    faults: { model: 'none', max: 0 },
    failureDetector: 'none',
    workload: [],
    determinism: 'sampled',
    ...over,
  };
}

export function prop(name: string, params: Record<string, unknown> = {}): SystemProperty {
  const def = propertyDefs[name];
  return { name, kind: def.kind, description: def.description, check: def.make({ ...def.params, ...params }, { n: 0, roles: [], roleOf: () => 'process' }), ...(def.eventuallyAlways ? { eventuallyAlways: true } : {}) };
}

export function explore(protocol: ProtocolModule, cfg: SystemConfig, properties: SystemProperty[] = [], opts: SearchOptions = {}) {
  const model = new SystemModel(protocol, cfg, { name: protocol.name, params: protocol.params as Record<string, unknown>, properties });
  return { model, result: bfs(model, opts) };
}

function specFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? specFiles(join(dir, e.name)) : e.name.endsWith('.yaml') ? [join(dir, e.name)] : []));
}

/** The catalogue's specs of a system model (not a hand-written core Model), sorted by path. */
export function systemSpecFiles(root: string): string[] {
  return specFiles(join(root, 'specs'))
    .sort()
    .filter((f) => loadSpec(f).system !== undefined);
}
