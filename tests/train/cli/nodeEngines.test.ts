/** The command line's engines come from the engine table: --engine's values, its help, what auto times. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  AUTO_CANDIDATES,
  ENGINE_CHOICES,
  ENGINE_TABLE,
  fallbackChain,
} from '../../../src/agent/engines/engineTable';
import type { TfjsBackend } from '../../../src/agent/engines/engineTable';
import {
  ENGINE_FLAG_VALUES,
  ENGINE_HELP,
  NODE_AUTO_CANDIDATES,
  NODE_BACKENDS,
} from '../../../src/train/cli/nodeEngines';

const inNode = (backend: TfjsBackend) => (NODE_BACKENDS as readonly TfjsBackend[]).includes(backend);
const NODE_ENGINES = ENGINE_TABLE.filter((e) => inNode(e.tfjsBackend)).map((e) => e.name);

describe('the command line’s engines', () => {
  it('--help has a line for auto and for each engine of the table, with its description', () => {
    const lines = ENGINE_HELP.split('\n');
    expect(lines.map((l) => l.trim().split(/\s+/)[0])).toEqual(ENGINE_CHOICES);
    for (const e of ENGINE_TABLE) {
      const line = lines.find((l) => l.trim().startsWith(`${e.name} `))!;
      expect(line).toContain(e.description);
      // An engine Node cannot run says which of its fallbacks runs instead.
      const instead = fallbackChain(e.name).find((n) => NODE_ENGINES.includes(n));
      expect(line.endsWith(`(not in Node: ${instead} instead)`)).toBe(!inNode(e.tfjsBackend));
    }
    expect(lines[0]).toContain(`the fastest of ${NODE_AUTO_CANDIDATES.join(', ')}`);
  });

  it('offers auto and the engines on Node’s backends, and auto times the table’s candidates among them', () => {
    expect(ENGINE_FLAG_VALUES).toBe(['auto', ...NODE_ENGINES].join('|'));
    expect(NODE_AUTO_CANDIDATES).toEqual(AUTO_CANDIDATES.filter((n) => NODE_ENGINES.includes(n)));
    // What the command line offered before the table, unchanged.
    expect(ENGINE_FLAG_VALUES).toBe('auto|kernel|tfjs-wasm|tfjs-cpu');
    expect(NODE_AUTO_CANDIDATES).toEqual(['kernel', 'tfjs-wasm']);
  });

  it('npm run train -- --help prints them', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/train/cli/train.ts', '--help'],
      { encoding: 'utf8' },
    );
    expect(stdout).toContain(`[--engine ${ENGINE_FLAG_VALUES}]`);
    expect(stdout).toContain(ENGINE_HELP);
  });
});
