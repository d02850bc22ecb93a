#!/usr/bin/env node
import { main } from './cli/main.js';

// Dawn can keep the event loop alive after its device is destroyed: exit explicitly once
// stdout has drained.
const code = await main(process.argv.slice(2));
process.stdout.write('', () => process.exit(code));
