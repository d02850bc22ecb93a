/**
 * The name and version that each verb's JSON carries as its first two fields, so a reader (Python,
 * Julia, a later washboard) knows what it holds without guessing from the shape. docs/formats.md
 * documents every field. A version goes up when a field changes meaning, unit or type or goes
 * away; new fields keep it. (quantum, barrier, doublewell and bjj write theirs in place:
 * washboard.quantum, washboard.barrier, washboard.doublewell, washboard.bjj, all version 1.)
 */
export const FORMATS = {
  rate: { format: 'washboard.rate', version: 1 },
  switching: { format: 'washboard.switching', version: 1 },
  switchingSplitting: { format: 'washboard.switching-splitting', version: 1 },
  sweep: { format: 'washboard.sweep', version: 1 },
  analyze: { format: 'washboard.analyze', version: 1 },
  theory: { format: 'washboard.theory', version: 1 },
  theoryJunction: { format: 'washboard.theory-junction', version: 1 },
  bench: { format: 'washboard.bench', version: 1 },
  mergedPoints: { format: 'washboard.merged-points', version: 1 },
  selftest: { format: 'washboard.selftest', version: 1 },
} as const;
