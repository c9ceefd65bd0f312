import { Command, CommanderError } from 'commander';
import { EXIT, UserError } from './exit.ts';
import { commands } from './commands/index.ts';
import { hostedCommand } from './watchdog.ts';

/**
 * Runs the CLI and resolves to the process exit code. Commands never call process.exit:
 * each action resolves to its code, so the CLI is testable in-process.
 */
export async function main(argv: string[]): Promise<number> {
  const hosted = await hostedCommand(argv);
  if (hosted !== undefined) return hosted;
  let code: number = EXIT.ok;
  const program = new Command('protocheck')
    .description('Model checker and property tester for distributed protocols')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  for (const register of commands) {
    register(program, (c) => {
      code = Math.max(code, c);
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
