import type { RegisterCommand } from '../command.ts';
import { buildModel } from '../../spec/build.ts';
import { catalogueOfProperties, fileProperties, type PropertySource } from '../../spec/properties.ts';
import { SpecError } from '../../schema/schema.ts';
import { loadSpec } from '../../spec/spec.ts';
import { EXIT, UserError } from '../exit.ts';
import { importUserModule } from '../../loader/import.ts';
import { relative } from 'node:path';

/** What a spec's protocol module exports as `properties`. */
async function protocolExports(specFile: string): Promise<{ exports: unknown; refs: ReturnType<typeof loadSpec>['properties'] }> {
  try {
    const spec = loadSpec(specFile);
    // building checks the module and the spec's property references (file:line:col on error)
    await buildModel(spec);
    const mod = (await importUserModule(spec.module)) as { properties?: unknown };
    return { exports: spec.level === 'protocol' ? mod.properties : undefined, refs: spec.properties };
  } catch (err) {
    if (err instanceof SpecError) throw new UserError(err.message, EXIT.usage);
    throw err;
  }
}

function text(sources: PropertySource[]): string {
  return sources
    .map(({ def, from }) => {
      const origin = from === 'built-in' || from === 'protocol' ? from : relative(process.cwd(), from) || from;
      const params = Object.entries(def.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
      const kind = def.kind === 'liveness' ? (def.eventuallyAlways ? 'liveness, eventually always' : 'liveness') : 'safety';
      return `${def.name}  (${kind}; ${origin})\n  ${def.description}${params ? `\n  parameters: ${params}` : ''}`;
    })
    .join('\n\n');
}

export const registerProperties: RegisterCommand = (program, done) => {
  program
    .command('properties')
    .description("list the properties a spec can name: the built-in ones, and with a spec, its protocol's and those of the modules it names (./file.ts#name)")
    .argument('[spec]', 'a spec whose own properties to list too')
    .option('--json', 'machine-readable list')
    .action(async (specFile: string | undefined, flags: { json?: boolean }) => {
      let sources: PropertySource[];
      if (specFile) {
        const { exports, refs } = await protocolExports(specFile);
        sources = [...(await fileProperties(specFile, refs)), ...catalogueOfProperties(exports)];
      } else sources = catalogueOfProperties();
      if (flags.json) {
        const rows = sources.map(({ def, from }) => ({ name: def.name, kind: def.kind, ...(def.eventuallyAlways ? { eventuallyAlways: true } : {}), from, params: def.params, description: def.description }));
        process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      } else process.stdout.write(text(sources) + '\n');
      done(EXIT.ok);
    });
};
