/**
 * A loaded model: read from its files into plain arrays (no tensor kept), with what its metadata says; and
 * flown before the trainer exists (earlyFlight.ts), then taken over by the session mid-flight.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFiles } from '../../../src/agent/model/modelFormat';
import type { ModelFiles } from '../../../src/agent/model/modelFormat';
import { buildQNetwork, flatWeights } from '../../../src/agent/qNetwork';
import { EarlyFlight } from '../../../src/train/host/earlyFlight';
import { describeLoaded, readLoadedModel } from '../../../src/train/host/loadedModel';
import { TrainingSession } from '../../../src/train/host/session';
import { SMALL, VirtualHost } from './virtualHost';

/** Q-values 4, 3, 2, 1 in every state: what flies it can be told from any other network. */
let constant: ModelFiles;
let random: ModelFiles;
let randomWeights: Float32Array;

beforeAll(async () => {
  const model = buildQNetwork({ inputs: 8, hidden1: 8, hidden2: 8, actions: 4 }, 1);
  const zeroed = model.getWeights().map((w, i) => (i === 5 ? tf.tensor1d([4, 3, 2, 1]) : tf.zerosLike(w)));
  model.setWeights(zeroed);
  tf.dispose(zeroed);
  constant = await modelFiles(model, 'w.bin', { episodes: 12, config: { ...SMALL, hidden1: 8, hidden2: 8 } });
  model.dispose();
  const other = buildQNetwork({ inputs: 8, hidden1: 12, hidden2: 6, actions: 4 }, 5);
  randomWeights = flatWeights(other);
  random = await modelFiles(other, 'w.bin', { episodes: 'many' });
  other.dispose();
});

describe('a loaded model', () => {
  it('is read into plain arrays with no tensor kept, and says what its metadata says', async () => {
    const before = tf.memory().numTensors;
    const model = await readLoadedModel(random.json, random.weights, 'other.json');
    expect(tf.memory().numTensors).toBe(before);
    expect(model.weights).toEqual(randomWeights);
    expect(model.shape).toEqual({ inputs: 8, hidden1: 12, hidden2: 6, actions: 4 });
    // "many" is no count of episodes.
    expect(describeLoaded(model)).toEqual({
      name: 'other.json',
      network: '12-6',
      episodes: null,
      settingsProblem: 'carries no training settings (its metadata has no “config”)',
    });
    const named = await readLoadedModel(constant.json, constant.weights, `a\nlong ${'x'.repeat(200)}.json`);
    expect(named.name).toMatch(/^a long x+…$/);
    expect(named.name).toHaveLength(80);
    expect(describeLoaded(named)).toMatchObject({ episodes: 12, settingsProblem: null });
  });
});

describe('a loaded model flown before the trainer exists', () => {
  it('flies at once in real time, then the session carries the same flight on', async () => {
    const model = await readLoadedModel(constant.json, constant.weights, 'constant.json');
    const host = new VirtualHost();
    const early = new EarlyFlight(SMALL, host);
    expect(early.fly(model)).toBe(true);
    expect(early.fly(model)).toBe(false); // one flight at a time
    host.runUntil(300);
    const flying = host.last.status;
    expect(flying).toMatchObject({ state: 'watching', episode: 0, envSteps: 0, config: SMALL });
    expect(flying.watching).toMatchObject({ policy: 'loaded', model: 'constant.json' });
    // 50 steps a second: about 15 by 300 ms.
    expect(flying.watching!.steps).toBeGreaterThan(12);
    expect(flying.watching!.steps).toBeLessThan(18);
    expect(host.last.decision).toEqual({ qValues: [4, 3, 2, 1], action: 0, explored: false });
    expect(host.last.frames).toHaveLength(1);

    const session = new TrainingSession(SMALL, host);
    session.takeOver(early.handOver());
    const steps = flying.watching!.steps;
    expect(host.last.status.watching).toMatchObject({ policy: 'loaded', model: 'constant.json', steps });
    host.runUntil(600);
    const carried = host.last.status;
    expect(carried.state).toBe('watching');
    expect(carried.watching!.steps).toBeGreaterThan(steps + 10);
    // Only the session steps the flight now: no step is flown twice.
    expect(carried.watching!.steps).toBeLessThan(steps + 20);
    expect(host.last.decision!.qValues).toEqual([4, 3, 2, 1]);
    host.runUntil(3000); // the 60-step limit ends it; training had not started, so it stays paused
    expect(host.last.status).toMatchObject({ state: 'paused', watching: null, episode: 0, envSteps: 0 });
    expect(host.last.status.watched).toMatchObject({ policy: 'loaded', model: 'constant.json', steps: 60 });
    session.dispose();
  });

  it('hands the session the last flight when it has ended', async () => {
    const model = await readLoadedModel(constant.json, constant.weights, 'constant.json');
    const host = new VirtualHost();
    const early = new EarlyFlight(SMALL, host);
    early.fly(model);
    host.runUntil(3000);
    expect(host.last.status).toMatchObject({ state: 'paused', watching: null });
    expect(host.last.status.watched).toMatchObject({ model: 'constant.json', steps: 60 });
    const session = new TrainingSession(SMALL, host);
    session.takeOver(early.handOver());
    expect(host.last.status).toMatchObject({ state: 'paused', watching: null });
    expect(host.last.status.watched).toMatchObject({ model: 'constant.json', steps: 60 });
    // Watching the training agent now flies its own network, and says so.
    expect(session.watchGreedy()).toBe(true);
    expect(host.last.status.watching).toEqual({ policy: 'current', return: 0, steps: 0 });
    host.runUntil(3100);
    expect(host.last.decision!.qValues).not.toEqual([4, 3, 2, 1]);
    session.dispose();
  });
});
