import type { Command } from 'commander';

/** A command registers itself on the program; `done` records its exit code. */
export type RegisterCommand = (program: Command, done: (code: number) => void) => void;

import { registerCheck } from './check.ts';
import { registerList } from './list.ts';
import { registerLin } from './lin.ts';
import { registerSimulate } from './simulate.ts';
import { registerReplay } from './replay.ts';
import { registerShrink } from './shrink.ts';
import { registerItf } from './itf.ts';

export const commands: RegisterCommand[] = [registerCheck, registerList, registerLin, registerSimulate, registerReplay, registerShrink, registerItf];
