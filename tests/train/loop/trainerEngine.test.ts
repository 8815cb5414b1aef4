/** The Trainer makes its learner from the engine table, for the largest batch the settings allow. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { defaultConfig, SPECS } from '../../../src/config/hyperparameters';
import type { NumberSpec } from '../../../src/config/hyperparameters';
import { MarsRover } from '../../../src/lesson/marsRover';
import { Trainer } from '../../../src/train/loop/trainer';

beforeAll(async () => {
  await loadKernelFromDisk();
});

describe('the Trainer’s engine', () => {
  it('on the kernel, learns on the largest batch the settings allow when it is raised live', () => {
    const largest = (SPECS.get('batchSize') as NumberSpec).max;
    const config = { ...defaultConfig(), hidden1: 8, hidden2: 8, replaySize: 2000, learnEvery: 1 };
    const trainer = new Trainer(config, { engine: 'kernel', env: new MarsRover() });
    expect(trainer.applyPatch({ batchSize: largest }).ok).toBe(true);
    while (trainer.agent.updates < 3) trainer.step();
    expect(trainer.diverged).toBeNull();
    trainer.dispose();
  });
});
