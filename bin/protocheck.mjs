#!/usr/bin/env node
// Registers the TypeScript loader (protocol specs are .ts files a user writes) and starts the CLI.
import '../src/loader/register.mjs';
// `protocheck ... | head`: a reader that has had enough is not an error
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(process.exitCode ?? 0);
  });
}
// check and simulate run each check in a process of their own, replay, shrink and itf run there too: start it first, so that its start-up overlaps ours
if (['check', 'simulate', 'replay', 'shrink', 'itf'].includes(process.argv[2])) (await import('../src/cli/host-process.ts')).prestartHost();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
