/**
 * A short training run reduced to what must not change when the loop or the env gets faster: every
 * episode's return, bit for bit, and digests of the final weights and the replay memory.
 * scripts/recordRunFixture.ts writes these for tests/fixtures/runs/; recordedRun.test.ts recomputes them.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { Trainer } from '../../../src/train/loop/trainer';

export interface RunDigest {
  config: Partial<Config>;
  episodes: number;
  envSteps: number;
  updates: number;
  /** Each return's float64 bits, as hex, so that JSON keeps every bit. */
  returns: string[];
  onlineWeightsSha256: string;
  targetWeightsSha256: string;
  replaySha256: string;
}

/** The runs recorded: the lab on one lander, and on three at once (the vector env's auto-reset path). */
export const RECORDED_RUNS: { name: string; config: Partial<Config>; episodes: number }[] = [
  { name: 'lab-seed0-one-lander', config: { seed: 0, evalEvery: 0 }, episodes: 60 },
  { name: 'lab-seed7-three-landers', config: { seed: 7, evalEvery: 0, numEnvs: 3 }, episodes: 30 },
];

const sha256 = (bytes: ArrayBufferView) =>
  createHash('sha256')
    .update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest('hex');

const bitsOf = (x: number) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
};

/** Trains the run on the kernel (loaded by the caller) and reduces it to its digest. */
export function runDigest(config: Partial<Config>, episodes: number): RunDigest {
  const trainer = new Trainer({ ...PRESETS.lab.config, ...config }, { engine: 'kernel' });
  trainer.runEpisodes(episodes);
  const replay = trainer.memory.save();
  const digest: RunDigest = {
    config,
    episodes: trainer.episodes,
    envSteps: trainer.envSteps,
    updates: trainer.agent.updates,
    returns: trainer.returns.map(bitsOf),
    onlineWeightsSha256: sha256(trainer.agent.weights('online')),
    targetWeightsSha256: sha256(trainer.agent.weights('target')),
    replaySha256: createHash('sha256')
      .update(
        [replay.states, replay.actions, replay.rewards, replay.nextStates, replay.dones]
          .map((a) => sha256(a))
          .join(','),
      )
      .digest('hex'),
  };
  trainer.dispose();
  return digest;
}
