/**
 * The loop and the env give the same runs as before they were made faster: the returns, the weights and
 * the replay memory of short lab runs equal those recorded at commit 585d4b5 (scripts/recordRunFixture.ts).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { RECORDED_RUNS, runDigest } from './runDigest';
import type { RunDigest } from './runDigest';

beforeAll(async () => {
  await loadKernelFromDisk();
});

describe('a short lab run on the kernel', () => {
  for (const { name, config, episodes } of RECORDED_RUNS) {
    it(`${name}: the same returns, weights and replay memory as recorded`, () => {
      const recorded = JSON.parse(
        readFileSync(new URL(`../../fixtures/runs/${name}.json`, import.meta.url), 'utf8'),
      ) as RunDigest;
      expect(runDigest(config, episodes)).toEqual(recorded);
    }, 60_000);
  }
});
