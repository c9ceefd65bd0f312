/**
 * What `protocheck init <dir>` writes: a protocol, properties of one's own, two specs (one
 * that holds, one whose expected violation is a counterexample), a vitest test of both, and
 * the package.json that installs protocheck. Kept as strings (not files copied at run time) so
 * that the compiled package carries them with nothing to copy. Each passes as written:
 * test/cli/init.test.ts checks the specs that init writes.
 */
export interface Versions {
  protocheck: string;
  vitest: string;
}

export const PROTOCOL = `/**
 * A first protocol: a process asks everyone a question and completes once it has heard back.
 * \`wait: all\` waits for every answer; \`wait: majority\` completes after a majority, which the
 * property heard-from-everyone catches (specs/ask-majority.yaml expects that violation).
 */
import { defineProtocol, type Pid } from 'protocheck';

type Request = { type: 'ask' };
type Message = { type: 'QUERY' } | { type: 'ANSWER' };
type Indication = { type: 'complete'; answers: number };

interface State {
  asking: boolean;
  answered: Pid[];
  complete: boolean;
}

export default defineProtocol<{ message: Message; request: Request; indication: Indication }, State, { wait: string }>({
  name: 'ask-everyone',
  description: 'ask every process, complete once all (or a majority) have answered',
  params: { wait: 'all' },
  init: () => ({ asking: false, answered: [], complete: false }),
  requests: {
    ask(s, _req, ctx) {
      s.asking = true;
      ctx.broadcast({ type: 'QUERY' });
    },
  },
  messages: {
    QUERY(_s, _msg, from, ctx) {
      ctx.send(from, { type: 'ANSWER' });
    },
    ANSWER(s, _msg, from, ctx) {
      if (!s.asking || s.complete || s.answered.includes(from)) return;
      s.answered.push(from);
      const needed = ctx.params.wait === 'majority' ? Math.floor(ctx.n / 2) + 1 : ctx.n;
      if (s.answered.length >= needed) {
        s.complete = true;
        ctx.indicate({ type: 'complete', answers: s.answered.length });
      }
    },
  },
});
`;

export const PROPERTIES = `/** Properties of one's own: a spec names them as ./props.ts#heardFromEveryone. */
import { defineProperty, indications, requests } from 'protocheck';

/** Safety, over the processes' states: whoever completed has an answer from everyone. */
export const heardFromEveryone = defineProperty({
  name: 'heard-from-everyone',
  kind: 'safety',
  description: 'a process completes only once every process has answered it',
  check(h) {
    for (let p = 0; p < h.n; p++) {
      const s = h.state(p) as { complete: boolean; answered: number[] } | null;
      if (s?.complete && s.answered.length < h.n) return \`p\${p} completed with answers from \${s.answered.length} of \${h.n} processes\`;
    }
    return null;
  },
});

/** Liveness, over the history: whoever asks eventually completes. */
export const eventuallyComplete = defineProperty({
  name: 'eventually-complete',
  kind: 'liveness',
  description: 'every correct process that asks eventually completes',
  check(h) {
    for (const p of h.correct()) {
      if (requests(h, p, 'ask').length > indications(h, p, 'complete').length) return \`p\${p} asked and has not completed\`;
    }
    return null;
  },
});
`;

const specHead = '# yaml-language-server: $schema=../node_modules/protocheck/schema/spec.schema.json\n';

export const SPEC_OK = `${specHead}name: ask-everyone
description: p0 asks three processes and completes once all three have answered; the network reorders messages.
protocol: ./ask-everyone.ts
processes: 3
workload:
  - { process: 0, request: { type: ask } }
properties:
  - ./props.ts#heardFromEveryone
  - ./props.ts#eventuallyComplete
expect:
  verdict: ok
  states: 39
`;

export const SPEC_VIOLATION = `${specHead}name: ask-majority
description: The same, completing after a majority of answers; heard-from-everyone fails, and the trace shows how.
protocol: ./ask-everyone.ts
params: { wait: majority }
processes: 3
workload:
  - { process: 0, request: { type: ask } }
properties:
  - ./props.ts#heardFromEveryone
  - ./props.ts#eventuallyComplete
expect:
  verdict: violation
  property: heard-from-everyone
  steps: 5
`;

export const TEST = `// Each spec as a vitest test: it passes when the check meets the spec's expect: section.
import { fileURLToPath } from 'node:url';
import { checkSpec } from 'protocheck/vitest';

const spec = (name: string) => fileURLToPath(new URL(\`../specs/\${name}\`, import.meta.url));

checkSpec(spec('ask-everyone.yaml'));
checkSpec(spec('ask-majority.yaml'));
`;

export const packageJson = (name: string, v: Versions) =>
  JSON.stringify(
    {
      name,
      private: true,
      type: 'module',
      scripts: { check: 'protocheck check specs', test: 'vitest run' },
      devDependencies: { protocheck: `^${v.protocheck}`, vitest: `^${v.vitest}` },
    },
    null,
    2,
  ) + '\n';

export const GITIGNORE = 'node_modules/\n.protocheck/\n';
