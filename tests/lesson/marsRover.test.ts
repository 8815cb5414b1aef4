/** The course's own example: the agent, trained by the same Trainer as LunarLander, must find Q*. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { argmax } from '../../src/agent/qNetwork';
import { validateConfig } from '../../src/config/validate';
import { Trainer } from '../../src/train/loop/trainer';
import { MarsRover } from '../../src/lesson/marsRover';
import { optimalQ } from './marsRoverFixture';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

function config(seed: number) {
  const r = validateConfig({
    gamma: 0.5,
    seed,
    // The lab's rule counts steps within an episode, so with these short episodes learning every 8 steps
    // means many transitions per update: the replay memory then holds enough of them that its sample of
    // the 10% missteps is close to the true odds (Q* is defined by those).
    learnEvery: 8,
    batchSize: 64,
    learningRate: 1e-3,
    tau: 0.05,
    epsilonStart: 1,
    epsilonDecay: 1,
    epsilonMin: 1,
    replaySize: 200_000,
    hidden1: 32,
    hidden2: 32,
    maxEpisodes: 100_000,
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

describe.each([
  ['deterministic', 0],
  ['stochastic (a move goes the wrong way with probability 0.1)', 0.1],
])('Mars rover, %s', (_, misstep) => {
  it('learns Q* within 2% and the optimal greedy policy', () => {
    const qStar = optimalQ(0.5, misstep);
    if (misstep === 0) {
      // The course's table for γ = 0.5.
      expect(qStar).toEqual([
        [100, 100],
        [50, 12.5],
        [25, 6.25],
        [12.5, 10],
        [6.25, 20],
        [40, 40],
      ]);
    }
    const trainer = new Trainer(config(1), { env: new MarsRover({ misstep }) });
    // Then settle with smaller, less noisy steps: live changes, as a user would make them.
    const phases = [
      { updates: 3000, learningRate: 1e-3, batchSize: 64 },
      { updates: 2000, learningRate: 1e-4, batchSize: 256 },
      { updates: 2000, learningRate: 3e-5, batchSize: 512 },
    ];
    let target = 0;
    for (const { updates, ...patch } of phases) {
      expect(trainer.applyPatch(patch).ok).toBe(true);
      target += updates;
      while (trainer.agent.updates < target) trainer.step();
    }

    qStar.forEach((row, s) => {
      const obs = new Float32Array(6);
      obs[s] = 1;
      const q = Array.from(trainer.agent.qValues(obs));
      row.forEach((v, a) =>
        expect(Math.abs(q[a] - v), `Q(${s}, ${a}) = ${q[a]} vs ${v}`).toBeLessThan(0.02 * v),
      );
      if (s > 0 && s < 5) expect(argmax(q), `greedy action in state ${s}`).toBe(argmax(row));
    });
    trainer.dispose();
  });
});
