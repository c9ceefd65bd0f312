import { Command, CommanderError, Help } from 'commander';
import { EXIT, UserError } from './exit.ts';
import { commands } from './commands/index.ts';

/** Commands that replay a model from a trace: run in a host process (watchdog.ts). */
const HOSTED = new Set(['replay', 'shrink', 'itf']);

/**
 * Runs the CLI and resolves to the process exit code. Commands never call process.exit:
 * each action resolves to its code, so the CLI is testable in-process. Only the module of the
 * command named is loaded; the top-level help and usage errors need the command list alone.
 */
export async function main(argv: string[]): Promise<number> {
  if (HOSTED.has(argv[2])) {
    const { hostedCommand } = await import('./watchdog.ts');
    const hosted = await hostedCommand(argv);
    if (hosted !== undefined) return hosted;
  }
  let code: number = EXIT.ok;
  const program = new Command('protocheck')
    .description('Model checker and property tester for distributed protocols')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  const done = (c: number) => {
    code = Math.max(code, c);
  };
  const named = commands.find((c) => c.name === (argv[2] === 'help' ? argv[3] : argv[2]));
  if (named) (await named.load())(program, done);
  else {
    for (const c of commands) program.command(c.name).description(c.summary);
    const terms = new Map(commands.map((c) => [c.name, c.term]));
    program.configureHelp({
      subcommandTerm(c) {
        return terms.get(c.name()) ?? Help.prototype.subcommandTerm.call(this, c);
      },
    });
  }
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UserError) {
      process.stderr.write(`protocheck: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
  return code;
}
