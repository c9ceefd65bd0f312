import type { RegisterCommand } from '../command.ts';
import { SpecError } from '../../schema/schema.ts';
import { startExplorer } from '../../ui/explore/server.ts';
import { collect, wholeArg } from '../args.ts';
import { EXIT, UserError } from '../exit.ts';

interface ExploreFlags {
  port?: number;
  set: string[];
  trace: string[];
}

export const registerExplore: RegisterCommand = (program, done) => {
  program
    .command('explore')
    .description('explore a spec in the browser: take actions one at a time, go back, see each property at the current state, the graph around it, and the counterexamples')
    .argument('<spec>', 'a spec file')
    .option('--port <n>', 'the port to listen on, on 127.0.0.1 (default: a free one)', wholeArg('--port'))
    .option('--set <name=value>', 'override a parameter or a key of the spec, as for check; repeatable', collect, [] as string[])
    .option('--trace <file>', 'offer this trace file in the page (besides those in traces/ and .protocheck/traces recorded from the spec); repeatable', collect, [] as string[])
    .addHelpText('after', '\nThe server listens on 127.0.0.1 only and runs until Ctrl-C. A state is shared by its URL: ?path=0.3.1 is the initial state #0, then the enabled actions #3 and #1.')
    .action(async (file: string, flags: ExploreFlags) => {
      let explorer;
      try {
        explorer = await startExplorer({ specFile: file, overrides: flags.set, port: flags.port, traces: flags.trace });
      } catch (err) {
        if (err instanceof SpecError) throw new UserError(err.message, EXIT.usage);
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE' || code === 'EACCES') throw new UserError(`cannot listen on 127.0.0.1:${flags.port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}`, EXIT.usage);
        throw err;
      }
      process.stdout.write(`protocheck explore: ${file} at ${explorer.url}  (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      await explorer.close();
      done(EXIT.ok);
    });
};
