/**
 * The web explorer's server: node:http on 127.0.0.1 only, the page at `/`, JSON under `/api/`:
 * `state?path=0.3.1` (the state there, its enabled actions, each property's status, the path
 * as a diagram), `graph?path=…&depth=2`, `traces` and `trace?id=k` (a trace file as a path),
 * and `POST check` (run the checker and return its counterexample as a path).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildModel } from '../../spec/build.ts';
import { loadSpec } from '../../spec/spec.ts';
import { runSpec } from '../../spec/run.ts';
import { readTraceFile } from '../../trace/read.ts';
import { replayOnModel } from '../../trace/replay.ts';
import { errorText } from '../../core/verdict.ts';
import { page } from '../html.ts';
import { TRACE_ASSETS } from '../trace-page.ts';
import { ExploreSession, parsePath, PathError } from './session.ts';

export interface ExplorerOptions {
  specFile: string;
  /** `--set` overrides of the spec. */
  overrides?: string[];
  /** 0 (default): a free port. */
  port?: number;
  /** Trace files offered besides those found for the spec in `traceDirs`. */
  traces?: string[];
  /** Folders searched for trace files recorded from this spec (default: traces, .protocheck/traces). */
  traceDirs?: string[];
}

export interface Explorer {
  url: string;
  port: number;
  close(): Promise<void>;
}

interface TraceRef {
  id: number;
  file: string;
  property: string;
  kind: string;
  steps: number;
}

/** The trace files recorded from this spec: those named, then those in the folders whose recorded spec is this file. */
function findTraces(specFile: string, named: string[], dirs: string[]): TraceRef[] {
  const out: TraceRef[] = [];
  const files = [...named];
  for (const d of dirs) if (existsSync(d)) for (const f of readdirSync(d).sort()) if (f.endsWith('.trace.yaml')) files.push(join(d, f));
  const want = resolve(specFile);
  for (const file of files) {
    try {
      const { trace } = readTraceFile(file);
      if (!named.includes(file) && resolve(trace.spec) !== want) continue;
      out.push({ id: out.length, file, property: trace.property, kind: trace.kind, steps: trace.steps.length - 1 });
    } catch {
      // not a trace: a named one is reported when it is opened
      if (named.includes(file)) out.push({ id: out.length, file, property: '?', kind: '?', steps: 0 });
    }
  }
  return out;
}

export async function startExplorer(opts: ExplorerOptions): Promise<Explorer> {
  const spec = loadSpec(opts.specFile, opts.overrides ?? []);
  // every property the model defines, as a trace's replay does: the page shows each one's status
  const { model } = await buildModel({ ...spec, check: { ...spec.check, invariants: undefined } });
  const session = new ExploreSession(model, { spec: opts.specFile, name: spec.name });
  const traces = findTraces(opts.specFile, opts.traces ?? [], opts.traceDirs ?? ['traces', '.protocheck/traces']);
  const html = page({
    title: `protocheck explore — ${spec.name}`,
    assets: [...TRACE_ASSETS, 'graph.js', 'explorer.js'],
    data: { spec: opts.specFile, name: spec.name, model: model.name, processes: model.processes?.() ?? [] },
    body: '<div id="app" class="explorer"></div>',
  });
  let checking: Promise<unknown> | undefined;

  const routes: Record<string, (url: URL, req: IncomingMessage) => unknown | Promise<unknown>> = {
    'GET /api/state': (url) => session.view(parsePath(url.searchParams.get('path'))),
    'GET /api/graph': (url) => session.graph(parsePath(url.searchParams.get('path')), clamp(url.searchParams.get('depth'), 1, 4, 2), clamp(url.searchParams.get('max'), 1, 200, 60)),
    'GET /api/traces': () => traces,
    'GET /api/trace': (url) => {
      const ref = traces[Number(url.searchParams.get('id'))];
      if (!ref) throw new PathError(`no trace #${url.searchParams.get('id')} (there are ${traces.length})`, [0]);
      const { trace } = readTraceFile(ref.file);
      const r = replayOnModel(model, trace);
      const path = session.pathOf(trace, r.states);
      return { ...ref, path, message: trace.message, ...(trace.loopStart !== undefined ? { loopStart: trace.loopStart } : {}), ...(r.reproduced ? {} : { mismatch: r.mismatch?.message }) };
    },
    'POST /api/check': async () => {
      // one check at a time: a second click waits for the first
      checking ??= runSpec(opts.specFile, { overrides: opts.overrides ?? [] }).finally(() => (checking = undefined));
      const o = (await checking) as Awaited<ReturnType<typeof runSpec>>;
      const v = o.result.violation;
      return {
        verdict: o.result.verdict,
        distinct: o.result.stats.distinct,
        ...(o.result.limit ? { limit: o.result.limit.message } : {}),
        ...(v ? { violation: { property: v.property, kind: v.kind, message: v.message, path: v.path, ...(v.loopStart !== undefined ? { loopStart: v.loopStart } : {}) } } : {}),
      };
    },
  };

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) return send(res, 200, html, 'text/html; charset=utf-8');
    const route = routes[`${req.method} ${url.pathname}`];
    if (!route) return send(res, 404, JSON.stringify({ error: `no such endpoint: ${req.method} ${url.pathname}` }));
    try {
      send(res, 200, JSON.stringify(await route(url, req)));
    } catch (err) {
      if (err instanceof PathError) send(res, 400, JSON.stringify({ error: err.message, validPrefix: err.validPrefix }));
      else send(res, 500, JSON.stringify({ error: errorText(err) }));
    }
  }
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

function clamp(v: string | null, lo: number, hi: number, dflt: number): number {
  const n = v === null ? dflt : Number(v);
  return Number.isInteger(n) ? Math.min(hi, Math.max(lo, n)) : dflt;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
