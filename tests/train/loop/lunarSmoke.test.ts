/** The lab preset on LunarLander in Node: a short run is finite, leaks no tensors and is reproducible. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { Trainer } from '../../../src/train/loop/trainer';
import type { EpisodeReport } from '../../../src/train/loop/reports';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function run(seed: number, episodes: number) {
  const reports: EpisodeReport[] = [];
  const trainer = new Trainer(
    { ...PRESETS.lab.config, seed },
    { listener: { onEpisode: (r) => reports.push(r) } },
  );
  trainer.runEpisodes(5);
  const tensorsAfterWarmUp = tf.memory().numTensors;
  trainer.runEpisodes(episodes - 5);
  const tensorsAtEnd = tf.memory().numTensors;
  trainer.dispose();
  return { reports, tensorsAfterWarmUp, tensorsAtEnd, trainer };
}

describe('lab preset on LunarLander', () => {
  it('30 episodes: finite losses, a flat tensor count, ε decaying as the lab’s', () => {
    const { reports, tensorsAfterWarmUp, tensorsAtEnd, trainer } = run(0, 30);
    expect(reports).toHaveLength(30);
    expect(trainer.agent.updates).toBeGreaterThan(100);
    expect(tensorsAtEnd).toBe(tensorsAfterWarmUp);
    for (const r of reports.slice(5)) {
      expect(Number.isFinite(r.loss!), `episode ${r.episode} loss`).toBe(true);
      expect(Number.isFinite(r.meanMaxQ!)).toBe(true);
    }
    expect(reports[29].epsilon).toBeCloseTo(0.995 ** 30, 12);
    expect(reports[29].envSteps).toBe(reports.reduce((n, r) => n + r.length, 0));
    expect(reports.every((r) => r.length >= 1 && r.length <= 1000 && r.outcome !== undefined)).toBe(true);
  });

  it('one seed reproduces the run exactly', () => {
    const returns = (seed: number) => run(seed, 12).reports.map((r) => r.return);
    const first = returns(3);
    expect(returns(3)).toEqual(first);
    expect(returns(4)).not.toEqual(first);
  });
});
