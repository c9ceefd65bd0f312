/** The commands of the CLI, in the order `--help` lists them. */
import type { RegisterCommand } from '../command.ts';
import { registerCheck } from './check.ts';
import { registerList } from './list.ts';
import { registerLin } from './lin.ts';
import { registerSimulate } from './simulate.ts';
import { registerReplay } from './replay.ts';
import { registerShrink } from './shrink.ts';
import { registerItf } from './itf.ts';
import { registerProperties } from './properties.ts';
import { registerQuorums } from './quorums.ts';
import { registerEstimate } from './estimate.ts';
import { registerExplore } from './explore.ts';
import { registerObserve } from './observe.ts';
import { registerDrive } from './drive.ts';

export type { RegisterCommand };

export const commands: RegisterCommand[] = [registerCheck, registerList, registerLin, registerSimulate, registerReplay, registerShrink, registerItf, registerProperties, registerQuorums, registerEstimate, registerExplore, registerObserve, registerDrive];
