/** `protocheck quorums <file>`: quorum intersection of a federated Byzantine agreement system (properties/byzantine/quorums.ts). */
import type { RegisterCommand } from '../command.ts';
import { formatIssue, SpecError } from '../../schema/schema.ts';
import { loadQuorumFile } from '../../spec/quorum-file.ts';
import { checkQuorumIntersection, MAX_NODES } from '../../../properties/byzantine/quorums.ts';
import { EXIT, UserError } from '../exit.ts';

const set = (xs: readonly string[]) => `{${xs.join(', ')}}`;

export const registerQuorums: RegisterCommand = (program, done) => {
  program
    .command('quorums')
    .description(`decide quorum intersection of a federated Byzantine agreement system given by each node's quorum slices (YAML; at most ${MAX_NODES} nodes): exit 0 if every two quorums intersect, 1 with two disjoint quorums, 2 on bad input`)
    .argument('<files...>', 'slice files')
    .option('--json', 'machine-readable verdicts')
    .action((files: string[], flags: { json?: boolean }) => {
      const out: unknown[] = [];
      let code: number = EXIT.ok;
      for (const file of files) {
        let cfg;
        try {
          cfg = loadQuorumFile(file);
        } catch (err) {
          if (err instanceof SpecError) throw new UserError(err.issues.map(formatIssue).join('\n'));
          throw err;
        }
        let v;
        try {
          v = checkQuorumIntersection(cfg);
        } catch (err) {
          throw new UserError(`${file}: ${(err as Error).message}`);
        }
        if (!v.intersect) code = EXIT.violation;
        if (flags.json) {
          out.push({ file, name: cfg.name, ...v });
          continue;
        }
        const head = `${cfg.name}  (${file}): ${v.nodes} nodes`;
        if (v.intersect) process.stdout.write(`${head}\n  ✓ quorum intersection: every two quorums share a node (${v.minimalQuorums.length} minimal quorum${v.minimalQuorums.length === 1 ? '' : 's'}: ${v.minimalQuorums.map(set).join(', ')})\n`);
        else process.stdout.write(`${head}\n  ✗ no quorum intersection: ${set(v.quorums[0])} and ${set(v.quorums[1])} are disjoint quorums, each contains a slice of every member:\n${v.why.map((w) => `      ${w}`).join('\n')}\n`);
      }
      if (flags.json) process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      done(code);
    });
};
