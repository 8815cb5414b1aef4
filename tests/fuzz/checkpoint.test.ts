/**
 * Checkpoints as generated input: mutations of a real one (made by a tiny Trainer run, through structured
 * clone as IndexedDB stores it), older and newer versions. Resuming refuses with a CheckpointError that
 * says why and leaks no tensors; a refused checkpoint leaves a running session as it was; an accepted one
 * trains on.
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/hyperparameters';
import type { Config } from '../../src/config/hyperparameters';
import { CHECKPOINT_VERSION, CheckpointError } from '../../src/train/loop/checkpoint';
import type { TrainerCheckpoint } from '../../src/train/loop/checkpoint';
import { TrainingSession } from '../../src/train/host/session';
import type { SessionCheckpoint } from '../../src/train/runs/savedRun';
import { Trainer } from '../../src/train/loop/trainer';
import { check, readable, timeoutFor } from './fuzz';
import { idleSession } from './idleSession';
import { mutate, mutationArb } from './mutate';

const TINY: Config = {
  ...defaultConfig(),
  hidden1: 4,
  hidden2: 4,
  batchSize: 8,
  replaySize: 1000,
  maxEpisodeSteps: 30,
  numEnvs: 2,
  seed: 5,
  // Evaluations with their confirmations, so that mutations reach them too.
  evalEvery: 1,
  evalEpisodes: 1,
  confirmEpisodes: 2,
  // The Rainbow-lite options, so that mutations reach the unfolded dueling head, the n-step returns in
  // progress and the priorities.
  dueling: true,
  nStep: 3,
  prioritized: true,
};

let real: TrainerCheckpoint;
let saved: SessionCheckpoint;

beforeAll(async () => {
  // A session trained a few episodes on a host that runs its tasks in turn, with a clock that moves.
  let time = 0;
  const tasks: (() => void)[] = [];
  const s = new TrainingSession(TINY, {
    now: () => (time += 0.05),
    schedule: (task) => tasks.push(task),
    emit: () => {},
  });
  s.setSpeed(Infinity);
  s.start();
  // Until it holds a best model and an evaluation in flight, so that mutations reach both.
  const ready = (cp: TrainerCheckpoint) =>
    cp.episodes >= 3 && cp.best !== null && (cp.evaluationsInFlight?.length ?? 0) > 0;
  while (!ready(s.checkpoint()!.trainer) && tasks.length) tasks.shift()!();
  s.pause();
  // Through structured clone, as IndexedDB stores it.
  saved = structuredClone(s.checkpoint()!);
  real = saved.trainer;
  // A proven report of the checkpoint's own figures (a tiny run is never proven), for mutations to reach.
  const confirmation = real.best!.report.confirmation!;
  real.proven = { episode: real.episodes, envSteps: real.envSteps, seconds: real.seconds, confirmation };
  s.dispose();
});

type Case = { mutate: Parameters<typeof mutate>[1] } | { version: number } | { raw: unknown };
const caseArb: fc.Arbitrary<Case> = fc.oneof(
  { weight: 8, arbitrary: mutationArb.map((m) => ({ mutate: m })) },
  { weight: 1, arbitrary: fc.integer().map((version) => ({ version })) },
  { weight: 1, arbitrary: fc.anything().map((raw) => ({ raw })) },
);
const build = (c: Case): unknown =>
  'mutate' in c ? mutate(real, c.mutate) : 'version' in c ? { ...real, version: c.version } : c.raw;

describe('checkpoints under generated mutations', () => {
  it(
    'are refused with a CheckpointError saying why, or resume and train on',
    () => {
      check(
        'checkpoint mutations',
        fc.property(caseArb, (c) => {
          const cp = build(c);
          const before = tf.memory().numTensors;
          let t: Trainer;
          try {
            t = Trainer.resume(cp);
          } catch (e) {
            expect(e).toBeInstanceOf(CheckpointError);
            expect(readable((e as Error).message), (e as Error).message).toBe(true);
            expect(tf.memory().numTensors).toBe(before);
            return;
          }
          for (let k = 0; k < 40; k++) t.step();
          expect(t.checkpoint().learner.online.every(Number.isFinite)).toBe(true);
          t.dispose();
        }),
      );
    },
    timeoutFor(60),
  );

  it('from another version: newer ones say so, older ones are named', () => {
    check(
      'checkpoint versions',
      fc.property(
        fc.integer().filter((v) => v !== CHECKPOINT_VERSION),
        (version) => {
          expect(() => Trainer.resume({ ...real, version })).toThrow(
            version > CHECKPOINT_VERSION
              ? /saved by a newer Lander Lab/
              : /is not one this Lander Lab can read/,
          );
        },
      ),
    );
  });
});

describe('a running session offered mutated checkpoints', () => {
  let session: TrainingSession;
  beforeAll(() => {
    session = idleSession(TINY);
  });
  afterAll(() => session.dispose());

  it(
    'keeps its run when one is refused',
    () => {
      const sessionArb = fc.oneof(
        caseArb.map((c) => ({ trainer: c })),
        mutationArb.map((m) => ({ whole: m })),
      );
      check(
        'session resumes',
        fc.property(sessionArb, (c) => {
          const cp = (
            'whole' in c ? mutate(saved, c.whole) : { trainer: build(c.trainer), history: saved.history }
          ) as SessionCheckpoint;
          const before = session.checkpoint()!;
          try {
            session.resume(cp);
          } catch (e) {
            expect(e).toBeInstanceOf(CheckpointError);
            const after = session.checkpoint()!;
            expect(after.trainer.episodes).toBe(before.trainer.episodes);
            expect(after.trainer.config).toEqual(before.trainer.config);
            expect(after.trainer.learner.online).toEqual(before.trainer.learner.online);
            expect(after.history.outcomes).toEqual(before.history.outcomes);
            return;
          }
          session.reset(TINY);
        }),
      );
    },
    timeoutFor(60),
  );
});
