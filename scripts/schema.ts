// npm run schema: writes schema/spec.schema.json from the spec reader's schema
// (src/spec/json-schema.ts); with --check, exits 1 if the committed file differs instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { specJsonSchemaText } from '../src/spec/json-schema.ts';

const file = new URL('../schema/spec.schema.json', import.meta.url);
const text = specJsonSchemaText();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(file, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error('schema/spec.schema.json is not what src/spec/spec.ts gives: run npm run schema');
    process.exit(1);
  }
} else writeFileSync(file, text);
