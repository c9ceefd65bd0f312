/** The protocheck program (bin/protocheck.mjs starts it, from dist/ in a package or from the sources in the repository). */
import { prestartHost } from './host-process.ts';

// `protocheck ... | head`: a reader that has had enough is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}
// check and simulate run each check in a process of their own, replay, shrink and itf run there too: start it first, so that its start-up overlaps ours
if (['check', 'simulate', 'replay', 'shrink', 'itf'].includes(process.argv[2])) prestartHost();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv);
