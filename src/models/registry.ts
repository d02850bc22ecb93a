/**
 * The models whose runs are written to run files: one line per model. The envelope
 * (src/engine/checkpoint.ts) finds a file's kind here by its format.
 */
import { rateRunFile, type EscapeRunState } from './rate/run-file.js';
import { switchingRunFile, type SwitchingRunState } from './switching/run-file.js';

/** A function, not a constant, so that the import cycle envelope ↔ models is read only after loading. */
export const runFileKinds = () => [rateRunFile, switchingRunFile] as const;

export type RunState = EscapeRunState | SwitchingRunState;
