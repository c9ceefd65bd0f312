/** No failure detector: the processes are told nothing. */
import type { ComponentFactory } from '../component.ts';
import { detector } from './detector.ts';

export const noDetector: ComponentFactory = (sys) => detector(sys, { name: 'detector', kinds: [] });
