/** The explorer's JSON endpoints, on a server started on a free port and stopped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExplorer, type Explorer } from '../../src/ui/explore/server.ts';

const SPEC = 'specs/mutex/central-lock-no-wait.yaml';
let ex: Explorer;
const get = async (path: string, method = 'GET') => {
  const r = await fetch(ex.url + path.replace(/^\//, ''), { method });
  return { status: r.status, body: (await r.json()) as any, type: r.headers.get("content-type") };
};

beforeAll(async () => {
  ex = await startExplorer({ specFile: SPEC, port: 0 });
});
afterAll(async () => {
  await ex.close();
});

describe('protocheck explore: the server', () => {
  it('listens on 127.0.0.1 only and serves the page with everything inlined', async () => {
    expect(ex.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const r = await fetch(ex.url);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const html = await r.text();
    expect(html).toContain('PC.drawDiagram');
    expect(html).not.toMatch(/<script[^>]+src=/);
  });

  it('gives the state at a path: its actions with labels and successors, each property, the path as a diagram', async () => {
    const { status, body } = await get('/api/state?path=0');
    expect(status).toBe(200);
    expect(body.path).toEqual([0]);
    expect(body.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(body.actions.length).toBeGreaterThan(0);
    expect(body.actions[0]).toMatchObject({ index: 0, label: expect.any(String), next: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(body.properties.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['mutual-exclusion', 'eventual-entry']));
    expect(body.properties.find((p: { name: string }) => p.name === 'mutual-exclusion').status).toBe('holds');
    expect(body.trace.rows).toHaveLength(1);
    const next = await get('/api/state?path=0.0');
    expect(next.body.fingerprint).toBe(body.actions[0].next);
    expect(next.body.trace.rows).toHaveLength(2);
  });

  it('says where a path leaves the model, with the part of it that is valid', async () => {
    const r = await get('/api/state?path=0.0.999');
    expect(r.status).toBe(400);
    expect(r.body.error).toMatch(/step 2: there is no action #999/);
    expect(r.body.validPrefix).toEqual([0, 0]);
    expect((await get('/api/state?path=zero')).status).toBe(400);
    expect((await get('/api/nothing')).status).toBe(404);
  });

  it('draws the graph around a state, and runs the checker for a counterexample the page can walk', async () => {
    const g = await get('/api/graph?path=0&depth=2');
    expect(g.body.nodes[0]).toMatchObject({ depth: 0, path: [0] });
    expect(g.body.edges.length).toBeGreaterThanOrEqual(g.body.nodes.length - 1);
    const c = await get('/api/check', 'POST');
    expect(c.body.verdict).toBe('violation');
    expect(c.body.violation.property).toBe('mutual-exclusion');
    const end = await get(`/api/state?path=${c.body.violation.path.join('.')}`);
    expect(end.body.properties.find((p: { name: string }) => p.name === 'mutual-exclusion').status).toBe('fails');
  });

  it('offers the committed trace of the spec as a path', async () => {
    const list = (await get('/api/traces')).body;
    const t = list.find((x: { file: string }) => x.file === 'traces/central-lock-no-wait.trace.yaml');
    expect(t).toBeDefined();
    const r = await get(`/api/trace?id=${t.id}`);
    expect(r.body.mismatch).toBeUndefined();
    expect(r.body.path).toHaveLength(t.steps + 1);
  });
});
