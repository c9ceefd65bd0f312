import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src/cli/commands/index.ts';

/** The top-level help is written from the command list alone: each line must say what its module registers. */
describe('the command list', () => {
  for (const entry of commands) {
    it(`${entry.name}: its line matches what its module registers`, async () => {
      const program = new Command('protocheck');
      (await entry.load())(program, () => {});
      const c = program.commands.find((x) => x.name() === entry.name);
      expect(c, `${entry.name} is registered by its module`).toBeDefined();
      expect(c!.description()).toBe(entry.summary);
      const args = c!.registeredArguments.map((a) => (a.required ? `<${a.name()}${a.variadic ? '...' : ''}>` : `[${a.name()}${a.variadic ? '...' : ''}]`));
      const term = [c!.name(), ...(c!.options.length ? ['[options]'] : []), ...args].join(' ');
      expect(entry.term).toBe(term);
    });
  }
});
