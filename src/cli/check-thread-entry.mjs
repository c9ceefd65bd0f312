// The entry of the thread a CLI check runs on (src/cli/watchdog.ts): protocols are TypeScript
// modules, so it registers the loader (whatever loaded the parent) before it imports the code.
import '../loader/register.mjs';

await import('./check-thread.ts');
