/**
 * The playground's session, driven by a host with a virtual clock: every call to now() moves time on a
 * little (so time slices end), and scheduled tasks run in time order.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/hyperparameters';
import type { Config } from '../../src/config/hyperparameters';
import { REAL_TIME } from '../../src/train/protocol';
import { TrainingSession } from '../../src/train/session';
import type { Progress, SessionCheckpoint, SessionHost } from '../../src/train/session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

class VirtualHost implements SessionHost {
  time = 0;
  readonly progress: Progress[] = [];
  private queue: { at: number; task: () => void }[] = [];

  now(): number {
    return (this.time += 0.05);
  }
  schedule(task: () => void, delayMs: number): void {
    this.queue.push({ at: this.time + delayMs, task });
  }
  emit(progress: Progress): void {
    this.progress.push(progress);
  }
  /** Runs scheduled tasks until virtual time `ms`. */
  runUntil(ms: number): void {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > ms) break;
      this.queue.shift();
      this.time = Math.max(this.time, next.at);
      next.task();
    }
    this.time = Math.max(this.time, ms);
  }
  get last(): Progress {
    return this.progress[this.progress.length - 1];
  }
  episodes(): number[] {
    return this.progress.flatMap((p) => p.episodes.map((e) => e.episode));
  }
}

/** Small and quick: short episodes, a small network, learning from the first batch. */
const SMALL: Config = { ...defaultConfig(), hidden1: 16, hidden2: 16, maxEpisodeSteps: 60, batchSize: 16 };

function session(config: Partial<Config> = {}) {
  const host = new VirtualHost();
  return { host, s: new TrainingSession({ ...SMALL, ...config }, host) };
}

describe('training session', () => {
  it('starts paused, and at full speed trains and reports episodes, frames and the agent’s choice', () => {
    const { host, s } = session();
    expect(host.last.status.state).toBe('paused');
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(400);
    const status = host.last.status;
    expect(status.state).toBe('running');
    expect(status.episode).toBeGreaterThan(3);
    expect(status.updates).toBeGreaterThan(0);
    expect(status.updateMs).toBeGreaterThan(0);
    // Every episode reported once, in order.
    expect(host.episodes()).toEqual(Array.from({ length: status.episode }, (_, i) => i + 1));
    const drawn = host.progress.filter((p) => p.frames);
    expect(drawn.length).toBeGreaterThan(1);
    expect(drawn[drawn.length - 1].frames![0].lander.length).toBeGreaterThan(6);
    const decision = drawn[drawn.length - 1].decision!;
    expect(decision.qValues).toHaveLength(4);
    expect(decision.qValues.every(Number.isFinite)).toBe(true);
    expect([0, 1, 2, 3]).toContain(decision.action);
    s.pause();
    const steps = host.last.status.envSteps;
    host.runUntil(800);
    expect(host.last.status.state).toBe('paused');
    expect(host.last.status.envSteps).toBe(steps);
    s.dispose();
  });

  it('paces real time at 50 steps per second, each step drawn', () => {
    const { host, s } = session();
    expect(REAL_TIME).toBe(50);
    s.start();
    host.runUntil(2000);
    const steps = host.last.status.envSteps;
    expect(steps).toBeGreaterThanOrEqual(99);
    expect(steps).toBeLessThanOrEqual(102);
    expect(host.progress.filter((p) => p.frames).length).toBeGreaterThanOrEqual(steps);
    s.dispose();
  });

  it('applies a live patch without a reset, and refuses a bad one whole while training goes on', () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    const before = host.last.status.episode;
    expect(s.applyPatch({ learningRate: 3e-4, epsilonStart: 0.2 }).ok).toBe(true);
    expect(host.last.status.config.learningRate).toBe(3e-4);
    expect(host.last.status.epsilon).toBe(0.2);
    const bad = s.applyPatch({ gamma: 2, learningRate: 0.5 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.key)).toEqual(['gamma']);
    expect(s.applyPatch({ hidden1: 32 }).ok).toBe(false); // needs a restart
    host.runUntil(400);
    expect(host.last.status.config.learningRate).toBe(3e-4);
    expect(host.last.status.episode).toBeGreaterThan(before);
    s.dispose();
  });

  it('steps one episode and pauses', () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.stepEpisode();
    host.runUntil(500);
    expect(host.last.status.state).toBe('paused');
    expect(host.last.status.episode).toBe(1);
    s.stepEpisode();
    host.runUntil(1000);
    expect(host.last.status.episode).toBe(2);
    s.dispose();
  });

  it('watches one greedy episode in real time without training, then training resumes', () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(100);
    s.watchGreedy();
    const during = host.last.status;
    expect(during.state).toBe('watching');
    host.runUntil(600);
    expect(host.last.status.envSteps).toBe(during.envSteps);
    expect(host.last.status.watching!.steps).toBeGreaterThan(20);
    expect(host.last.status.watching!.steps).toBeLessThan(30); // real time: 50 steps per second
    host.runUntil(1400); // the 60-step limit ends the episode
    const after = host.last.status;
    expect(after.state).toBe('running');
    expect(after.watching).toBeNull();
    expect(after.watched!.steps).toBeLessThanOrEqual(60);
    expect(after.envSteps).toBeGreaterThan(during.envSteps);
    s.dispose();
  });

  it('resets with a new config, and refuses a bad one keeping the run', () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    const episode = host.last.status.episode;
    const refused = s.reset({ ...SMALL, hidden1: -3 });
    expect(refused.ok).toBe(false);
    expect(host.last.status.episode).toBe(episode);
    expect(s.reset({ ...SMALL, hidden1: 8, seed: 4 }).ok).toBe(true);
    expect(host.last.status).toMatchObject({ state: 'paused', episode: 0, envSteps: 0 });
    expect(s.config.hidden1).toBe(8);
    s.dispose();
  });

  it('writes the history as CSV, one row per episode', () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    s.pause();
    const rows = s.historyCsv().split('\n');
    expect(rows[0]).toBe(
      'episode,return,length,outcome,epsilon,avg100,loss,meanMaxQ,envSteps,updates,stepsPerSecond',
    );
    expect(rows).toHaveLength(host.last.status.episode + 1);
    expect(Number(rows[1].split(',')[0])).toBe(1);
    s.dispose();
  });
});

describe('models out and in', () => {
  it('hands out Layers files that load back to watch or to go on training with the same weights', async () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    s.pause();
    const files = await s.model('cpu');
    const json = JSON.parse(files.json);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['lunar-lander-dqn.weights.bin']);
    expect(json.userDefinedMetadata).toMatchObject({ backend: 'cpu', episodes: host.last.status.episode });
    expect(json.userDefinedMetadata.config.hidden1).toBe(16);

    const other = session({ hidden1: 32, hidden2: 8 });
    const continued = await other.s.loadModel(files.json, files.weights, 'continue');
    expect(continued.message).toMatch(/goes on from the loaded/);
    expect(continued.config.hidden1).toBe(16);
    expect(other.s.config.hidden1).toBe(16);
    expect(other.s.config.hidden2).toBe(16);
    expect(await other.s.model('cpu').then((f) => new Float32Array(f.weights))).toEqual(
      new Float32Array(files.weights),
    );

    expect((await other.s.loadModel(files.json, files.weights, 'watch')).message).toMatch(/Watching/);
    expect(other.host.last.status.state).toBe('watching');
    expect(other.host.last.status.watching!.policy).toBe('loaded');
    s.dispose();
    other.s.dispose();
  });

  it('refuses broken files with the reason and leaves the run as it was', async () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    const files = await s.model('cpu');
    const before = host.last.status.episode;
    await expect(s.loadModel('{"a":', files.weights, 'continue')).rejects.toThrow(/not JSON/);
    await expect(s.loadModel(files.json, files.weights.slice(0, 40), 'continue')).rejects.toThrow(
      /holds 40 bytes where the model needs/,
    );
    const sixInputs = JSON.parse(files.json);
    sixInputs.modelTopology.config.layers[0].config.batch_input_shape = [null, 6];
    await expect(s.loadModel(JSON.stringify(sixInputs), files.weights, 'continue')).rejects.toThrow(
      /the weights manifest does not match the layers: the layers need \S+ \[6,16\]/,
    );
    host.runUntil(400);
    expect(host.last.status.state).toBe('running');
    expect(host.last.status.episode).toBeGreaterThan(before);
    s.dispose();
  });
});

describe('checkpoints and divergence', () => {
  class SavingHost extends VirtualHost {
    readonly saved: SessionCheckpoint[] = [];
    save(checkpoint: SessionCheckpoint): void {
      this.saved.push(checkpoint);
    }
  }

  it('saves every 25 episodes and on pause, and a new session resumes with the history', () => {
    const host = new SavingHost();
    const s = new TrainingSession({ ...SMALL, maxEpisodeSteps: 30 }, host);
    s.setSpeed(Infinity);
    s.start();
    while (host.last.status.episode < 52) host.runUntil(host.time + 100);
    expect(host.saved.map((c) => c.trainer.episodes).slice(0, 2)).toEqual([25, 50]);
    s.pause();
    const last = host.saved[host.saved.length - 1];
    expect(last.trainer.episodes).toBe(host.last.status.episode);
    expect(last.history.outcomes).toHaveLength(last.trainer.episodes);

    const other = new VirtualHost();
    const t = new TrainingSession(SMALL, other);
    t.resume(last);
    expect(other.last.replaced).toBe(true);
    expect(other.last.episodes.map((e) => e.episode)).toEqual(Array.from(last.history.columns.episode));
    expect(other.last.status).toMatchObject({ episode: last.trainer.episodes, state: 'paused' });
    expect(t.config.maxEpisodeSteps).toBe(30);
    expect(() => t.resume({ trainer: { format: 'x' }, history: last.history } as never)).toThrow(
      /not a Lander Lab/,
    );
    expect(() =>
      t.resume({ ...last, history: { columns: {}, outcomes: new Uint8Array(2) } } as never),
    ).toThrow(/episode history is incomplete/);
    expect(other.last.status.episode).toBe(last.trainer.episodes);
    s.dispose();
    t.dispose();
  });

  it('stops a diverging run, rolls back to the last good checkpoint and says what to change', () => {
    const host = new SavingHost();
    const s = new TrainingSession({ ...SMALL, maxEpisodeSteps: 30, learningRate: 0.005 }, host);
    s.setSpeed(Infinity);
    s.start();
    while (host.last.status.episode < 27) host.runUntil(host.time + 100);
    const saves = host.saved.length;
    s.injectNaN();
    host.runUntil(host.time + 500);
    const faulty = host.progress.find((p) => p.fault);
    expect(faulty!.fault).toMatch(/Training diverged: after \d+ updates the loss was NaN/);
    expect(faulty!.fault).toMatch(/learning rate \(0.005\) is the likely cause/);
    expect(faulty!.fault).toMatch(/rolled back to the checkpoint at episode 25/);
    expect(host.last.status).toMatchObject({ state: 'paused', episode: 25 });
    expect(host.saved).toHaveLength(saves); // nothing saved over the good checkpoint
    expect(s.checkpoint()!.trainer.learner.online.every(Number.isFinite)).toBe(true);
    s.start();
    host.runUntil(host.time + 300);
    expect(host.last.status.episode).toBeGreaterThan(25);
    s.dispose();
  });
});
