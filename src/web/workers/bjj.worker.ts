/** The bosonic-junction view's worker: the CPU work of ../bjj-compute.ts behind Comlink. */
import * as Comlink from 'comlink';
import { bjjApi } from '../bjj-compute.js';

Comlink.expose(bjjApi);
