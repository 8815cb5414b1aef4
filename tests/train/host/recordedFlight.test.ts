/**
 * A recorded flight: one greedy episode with a frame per step (and the reset state), the return an
 * evaluation from the same seed gives, and nothing of the training run touched.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { PlainForward } from '../../../src/agent/qNetwork';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { LunarLander } from '../../../src/env/lunarLander';
import { envOptions, flyGreedy } from '../../../src/train/loop/evaluation';
import { Trainer } from '../../../src/train/loop/trainer';
import { trainerNetwork } from '../../../src/train/runs/exportedNetwork';
import { recordFlight } from '../../../src/train/host/recordedFlight';

beforeAll(async () => {
  await loadKernelFromDisk();
});

const config = { ...defaultConfig(), hidden1: 16, hidden2: 16, seed: 3, learnEvery: 1 };

describe('a recorded flight', () => {
  it('keeps the reset state and a frame per step, and flies as an evaluation from its seed does', () => {
    const trainer = new Trainer(config, { engine: 'kernel' });
    while (trainer.agent.updates < 50) trainer.step();
    const network = trainerNetwork(trainer, 'latest');
    const flight = recordFlight(network, envOptions(trainer.settings), 1234);
    trainer.dispose();

    expect(flight).toMatchObject({ source: 'current', seed: 1234 });
    expect(flight.frames).toHaveLength(flight.steps + 1);
    const policy = new PlainForward(network.shape);
    policy.loadFlat(network.weights);
    const flown = flyGreedy((s) => policy.forward(s), new LunarLander(envOptions(config)), 1, 1234);
    expect(flight.return).toBe(flown.returns[0]);
    expect(flown.outcomes[flight.outcome]).toBe(1);
    // The first frame is the moon as reset; only the last shows how it ended.
    const reset = new LunarLander(envOptions(config));
    reset.reset(1234);
    expect(flight.frames[0]).toEqual(reset.renderSnapshot());
    expect(flight.frames.slice(0, -1).every((f) => f.outcome === undefined)).toBe(true);
    if (flight.outcome !== 'time_limit') expect(flight.frames.at(-1)!.outcome).toBe(flight.outcome);
  });

  it('touches nothing of the run: training goes on exactly as without it', () => {
    const recorded = new Trainer(config, { engine: 'kernel' });
    const plain = new Trainer(config, { engine: 'kernel' });
    for (let i = 0; i < 600; i++) {
      recorded.step();
      plain.step();
      if (i % 200 === 100) recordFlight(trainerNetwork(recorded, 'latest'), envOptions(config), i);
    }
    expect(recorded.returns).toEqual(plain.returns);
    expect(recorded.agent.weights('online')).toEqual(plain.agent.weights('online'));
    recorded.dispose();
    plain.dispose();
  });

  it('refuses a seed that is not a whole number in range', () => {
    const trainer = new Trainer(config, { engine: 'kernel' });
    const network = trainerNetwork(trainer, 'latest');
    trainer.dispose();
    for (const seed of [-1, 1.5, 2 ** 31, Number.NaN]) {
      expect(() => recordFlight(network, envOptions(config), seed)).toThrow(/whole number from 0/);
    }
  });
});
