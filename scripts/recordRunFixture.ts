/**
 * Writes tests/fixtures/runs/<name>.json: the digests of the short training runs that
 * tests/train/loop/recordedRun.test.ts holds the loop and the env to. The files there were written by this
 * script at commit 585d4b5, before the loop and the env were made faster; rerun it only when a change is
 * meant to change runs (a kernel change that reorders float arithmetic), and say so in the commit.
 *
 *   npx tsx scripts/recordRunFixture.ts
 */
import { writeFileSync } from 'node:fs';
import { loadKernelFromDisk } from '../src/agent/engines/kernel/nodeKernel';
import { RECORDED_RUNS, runDigest } from '../tests/train/loop/runDigest';

await loadKernelFromDisk();
for (const { name, config, episodes } of RECORDED_RUNS) {
  const path = `tests/fixtures/runs/${name}.json`;
  writeFileSync(path, `${JSON.stringify(runDigest(config, episodes), null, 1)}\n`);
  console.log(`wrote ${path}`);
}
