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
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
