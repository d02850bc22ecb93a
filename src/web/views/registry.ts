/**
 * Every view of the workbench, in navigation order. Views load lazily, so a tool's code (and its
 * worker) is fetched only when the tool is opened. Adding a tool is one line here.
 */
import type { View } from './view.js';

export interface ViewEntry {
  readonly id: string;
  readonly load: () => Promise<{ default: View }>;
}

export const VIEWS: readonly ViewEntry[] = [
  { id: 'barrier', load: () => import('./barrier.js') },
  { id: 'double-well', load: () => import('./double-well.js') },
  { id: 'bjj', load: () => import('./bjj.js') },
  { id: 'quantum', load: () => import('./quantum.js') },
];
