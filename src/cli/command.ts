import type { Command } from 'commander';

/** A command registers itself on the program; `done` records its exit code. */
export type RegisterCommand = (program: Command, done: (code: number) => void) => void;
