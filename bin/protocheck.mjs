#!/usr/bin/env node
// Registers the TypeScript loader (protocol specs are .ts files a user writes) and starts the CLI.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
