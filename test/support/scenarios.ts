import fs from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../../workflows/simulate/scenario';

/** The scenario files both hosts of the flow engine play (test/scenarios/*.json). */
export const SCENARIO_DIR = path.join(__dirname, '..', 'scenarios');

export const scenarios: Array<[string, Scenario]> = fs
  .readdirSync(SCENARIO_DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f, JSON.parse(fs.readFileSync(path.join(SCENARIO_DIR, f), 'utf8')) as Scenario]);

/** Recorded histories of the dialog workflow; every one must still replay on the current code. */
export const REPLAY_DIR = path.join(__dirname, '..', 'replay', 'histories');
