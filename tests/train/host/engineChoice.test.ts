/** Engine choice in Node: auto takes the fastest it timed, and an engine that cannot start hands over, saying why. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE, ENGINE_NAMES, ENGINES, fallbackChain } from '../../../src/agent/engines/engineTable';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { chooseEngine } from '../../../src/train/host/engineChoice';
import { selectEngine } from '../../../src/train/cli/engine';
import { NODE_AUTO_CANDIDATES } from '../../../src/train/cli/nodeEngines';

const LAB_RUN = { hidden1: 64, hidden2: 64, batchSize: 64 };
const SMALL_RUN = { hidden1: 8, hidden2: 8, batchSize: 8 };
const host = { loadKernel: () => loadKernelFromDisk(), candidates: ['kernel', 'tfjs-wasm'] as const };

describe('engine choice', () => {
  it('auto times every candidate at the run’s shape and takes the fastest, with the figures in its reason', async () => {
    const report = await chooseEngine('auto', { hidden1: 40, hidden2: 24, batchSize: 33 }, host);
    const timed = Object.entries(report.updateUs) as [string, number][];
    expect(timed.map(([n]) => n).sort()).toEqual(['kernel', 'tfjs-wasm']);
    expect(report.name).toBe(timed.sort((a, b) => a[1] - b[1])[0][0]);
    expect(report.reason).toMatch(
      /^auto: fastest at this 40-24 network, batch 33 \(kernel \d[\d,]* µs, tfjs-wasm \d[\d,]* µs\)|^auto: fastest at this 40-24 network, batch 33 \(tfjs-wasm \d[\d,]* µs, kernel \d[\d,]* µs\)/,
    );
  });

  it('a kernel that cannot load hands over to tfjs-wasm and says why', async () => {
    const broken = { loadKernel: () => Promise.reject(new Error('no such file')) };
    const report = await chooseEngine('kernel', LAB_RUN, broken);
    expect(report.name).toBe('tfjs-wasm');
    expect(report.reason).toBe('tfjs-wasm, because the kernel could not start: no such file');
    const auto = await chooseEngine('auto', LAB_RUN, { ...broken, candidates: ['kernel', 'tfjs-wasm'] });
    expect(auto).toMatchObject({ name: 'tfjs-wasm' });
    expect(auto.reason).toMatch(/the kernel could not start: no such file/);
  });

  it('falls back from tfjs-webgl where WebGL cannot start', async () => {
    const report = await chooseEngine('tfjs-webgl', LAB_RUN, host);
    expect(report.name).toBe('tfjs-wasm');
    expect(report.reason).toMatch(/^tfjs-wasm, because the webgl backend (could not start|failed)/);
    expect(report.updateUs['tfjs-wasm']).toBeGreaterThan(0);
  });

  it('an engine as chosen', async () => {
    expect(await chooseEngine('tfjs-cpu', LAB_RUN, host)).toMatchObject({
      name: 'tfjs-cpu',
      reason: 'tfjs-cpu, as chosen',
    });
    expect(await selectEngine('kernel', LAB_RUN)).toMatchObject({
      name: 'kernel',
      reason: 'kernel, as chosen',
    });
  });

  it('the command line refuses an unknown engine, naming the ones there are', async () => {
    await expect(selectEngine('wasm', LAB_RUN)).rejects.toThrow(
      '--engine must be one of auto, kernel, tfjs-webgl, tfjs-wasm, tfjs-cpu; got “wasm”',
    );
  });

  it.each(ENGINE_NAMES)('%s hands over along its chain in the engine table', async (name) => {
    // Without the kernel, in Node (no WebGL): the first of the chain that starts here.
    const broken = { loadKernel: () => Promise.reject(new Error('no such file')) };
    const chain = fallbackChain(name);
    const starts = chain.findIndex(
      (n) => ENGINES[n].learner !== 'kernel' && ENGINES[n].tfjsBackend !== 'webgl',
    );
    const report = await chooseEngine(name, SMALL_RUN, broken);
    expect(report.name).toBe(chain[starts]);
    if (starts === 0) expect(report.reason).toBe(`${name}, as chosen`);
    else expect(report.reason.split('; ')).toHaveLength(starts);
  });

  it('auto falls back to the default engine when none of its candidates starts', async () => {
    const broken = {
      loadKernel: () => Promise.reject(new Error('no such file')),
      candidates: ['kernel'] as const,
    };
    expect(await chooseEngine('auto', SMALL_RUN, broken)).toMatchObject({
      name: DEFAULT_ENGINE,
      reason: `auto: fell back to ${DEFAULT_ENGINE} (the kernel could not start: no such file)`,
    });
  });

  it('the command line’s auto times the table’s candidates that Node runs', async () => {
    const report = await selectEngine('auto', SMALL_RUN);
    expect(Object.keys(report.updateUs).sort()).toEqual([...NODE_AUTO_CANDIDATES].sort());
  });
});
