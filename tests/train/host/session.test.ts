/** The playground's session, driven by a host with a virtual clock (virtualHost.ts). */
import { describe, expect, it } from 'vitest';
import type { Config } from '../../../src/config/hyperparameters';
import { readModelFiles } from '../../../src/agent/model/modelFormat';
import { PlainForward } from '../../../src/agent/qNetwork';
import { LunarLander } from '../../../src/env/lunarLander';
import { envOptions, EVAL_SEED_BASE, flyGreedy } from '../../../src/train/loop/evaluation';
import { REAL_TIME } from '../../../src/train/host/speed';
import { SAVE_EVERY_MS } from '../../../src/train/host/autosave';
import { readLoadedModel } from '../../../src/train/host/loadedModel';
import { TrainingSession } from '../../../src/train/host/session';
import { checkpointModel } from '../../../src/train/runs/modelExport';
import type { ReplayRows } from '../../../src/agent/replayBuffer';
import { assembleRun } from '../../../src/train/runs/savedRun';
import type { AutosaveCheckpoint, SaveOutcome, SessionCheckpoint } from '../../../src/train/runs/savedRun';
import { SMALL, VirtualHost } from './virtualHost';

function session(config: Partial<Config> = {}) {
  const host = new VirtualHost();
  return { host, s: new TrainingSession({ ...SMALL, ...config }, host) };
}

/** Storage as the run store keeps it: each save's checkpoint, and the memory's pages it carried. */
class SavingHost extends VirtualHost {
  readonly saves: { at: number; checkpoint: AutosaveCheckpoint }[] = [];
  /** The run as storage held it after each save. */
  readonly saved: SessionCheckpoint[] = [];
  private pages: ReplayRows[] = [];
  save(checkpoint: AutosaveCheckpoint): Promise<SaveOutcome> {
    const { layout, pages, complete } = checkpoint.replay!;
    if (complete) this.pages = [];
    for (const [p, rows] of pages) this.pages[p] = rows;
    this.saves.push({ at: this.time, checkpoint });
    this.saved.push(
      assembleRun(checkpoint.run, layout, this.pages.slice(0, Math.ceil(layout.count / layout.pageRows))),
    );
    return Promise.resolve('whole');
  }
}

describe('training session', () => {
  it('counts training time only: idle and paused time before and between runs are left out', () => {
    const { host, s } = session();
    host.runUntil(60_000); // a minute on the page before Start
    s.setSpeed(REAL_TIME);
    s.start();
    host.runUntil(62_000); // two seconds of training
    s.pause();
    host.runUntil(300_000); // paused for minutes
    s.start();
    host.runUntil(301_000); // one more second
    s.pause();
    const trained = s.checkpoint()!.trainer.seconds;
    // Three seconds of training, give or take the virtual clock's own ticks and the last slice.
    expect(trained).toBeGreaterThan(2.9);
    expect(trained).toBeLessThan(3.2);
  });

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
    const files = await s.model('tfjs-cpu');
    const json = JSON.parse(files.json);
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0].paths).toEqual(['lunar-lander-dqn.weights.bin']);
    expect(json.userDefinedMetadata).toMatchObject({
      engine: 'tfjs-cpu',
      episodes: host.last.status.episode,
    });
    expect(json.userDefinedMetadata.config.hidden1).toBe(16);

    const other = session({ hidden1: 32, hidden2: 8 });
    const loaded = await readLoadedModel(files.json, files.weights, 'lunar-lander-dqn.json');
    const continued = other.s.continueFrom(loaded, 'page');
    expect(continued.message).toMatch(
      /^Training goes on from lunar-lander-dqn.json \(trained \d+ episodes\)/,
    );
    expect(continued.config.hidden1).toBe(16);
    expect(other.s.config.hidden1).toBe(16);
    expect(other.s.config.hidden2).toBe(16);
    expect(await other.s.model('tfjs-cpu').then((f) => new Float32Array(f.weights))).toEqual(
      new Float32Array(files.weights),
    );

    expect(other.s.watchGreedy(loaded)).toBe(true);
    expect(other.host.last.status.state).toBe('watching');
    expect(other.host.last.status.watching).toMatchObject({
      policy: 'loaded',
      model: 'lunar-lander-dqn.json',
    });
    // One flight at a time: a second is refused while the first flies.
    expect(other.s.watchGreedy()).toBe(false);
    expect(other.host.last.status.watching!.policy).toBe('loaded');
    s.dispose();
    other.s.dispose();
  });

  it('refuses broken files with the reason and leaves the run as it was', async () => {
    const { host, s } = session();
    s.setSpeed(Infinity);
    s.start();
    host.runUntil(200);
    const files = await s.model('tfjs-cpu');
    const before = host.last.status.episode;
    await expect(readLoadedModel('{"a":', files.weights, 'a.json')).rejects.toThrow(/not JSON/);
    await expect(readLoadedModel(files.json, files.weights.slice(0, 40), 'a.json')).rejects.toThrow(
      /holds 40 bytes where the model needs/,
    );
    const sixInputs = JSON.parse(files.json);
    sixInputs.modelTopology.config.layers[0].config.batch_input_shape = [null, 6];
    await expect(readLoadedModel(JSON.stringify(sixInputs), files.weights, 'a.json')).rejects.toThrow(
      /the weights manifest does not match the layers: the layers need \S+ \[6,16\]/,
    );
    // Settings the table refuses (a layer wider than it allows) are refused whole: the run goes on.
    const wide = await readLoadedModel(files.json, files.weights, 'a.json');
    expect(() => s.continueFrom({ ...wide, shape: { ...wide.shape, hidden1: 600 } }, 'page')).toThrow(
      /First hidden layer must be an integer from 4 to 512; got 600/,
    );
    host.runUntil(400);
    expect(host.last.status.state).toBe('running');
    expect(host.last.status.episode).toBeGreaterThan(before);
    s.dispose();
  });
});

describe('checkpoints and divergence', () => {
  it('saves every second of training and on pause, each save carrying only the memory pages written since; a new session resumes the run exactly', async () => {
    const host = new SavingHost();
    const config = { ...SMALL, maxEpisodeSteps: 30, replaySize: 2000 };
    const s = new TrainingSession(config, host);
    s.setSpeed(Infinity);
    s.start();
    while (host.time < 3.5 * SAVE_EVERY_MS) {
      host.runUntil(host.time + 100);
      await Promise.resolve(); // storage answers
    }
    const running = host.saves.map((save) => save.at);
    expect(running.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < running.length; i++) {
      expect(running[i] - running[i - 1]).toBeGreaterThanOrEqual(SAVE_EVERY_MS);
      expect(running[i] - running[i - 1]).toBeLessThan(SAVE_EVERY_MS + 150); // the slice it falls in
    }
    // The first save carries the whole memory; later ones only the pages written since (2000 slots in one
    // 2048-slot page: the page being filled), and never the memory inside the checkpoint.
    expect(host.saves[0].checkpoint.replay!.complete).toBe(true);
    expect(host.saves.slice(1).every((save) => !save.checkpoint.replay!.complete)).toBe(true);
    expect(host.saves.every((save) => save.checkpoint.run.trainer.replay === null)).toBe(true);
    s.pause();
    const last = host.saved[host.saved.length - 1];
    expect(last.trainer.episodes).toBe(host.last.status.episode);
    expect(last.history.outcomes).toHaveLength(last.trainer.episodes);
    expect(last.trainer.replay!.actions.length).toBe(Math.min(2000, last.trainer.envSteps));

    // What storage holds resumes exactly: the same returns as the run that went on without a break.
    const goOn = (t: TrainingSession, h: VirtualHost) => {
      for (let i = 0; i < 5; i++) {
        t.stepEpisode();
        while (h.last.status.state !== 'paused') h.runUntil(h.time + 50);
      }
    };
    const resumedHost = new VirtualHost();
    const resumed = new TrainingSession(config, resumedHost);
    resumed.resume(last);
    goOn(s, host);
    goOn(resumed, resumedHost);
    expect(resumed.checkpoint()!.trainer.returns).toEqual(s.checkpoint()!.trainer.returns);
    resumed.dispose();

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
    // A finite speed reports after every slice, so that it stops soon after episode 27 (before the save at
    // 50) however the slices fall.
    s.setSpeed(5000);
    s.start();
    while (host.last.status.episode < 27) host.runUntil(host.time + 10);
    s.setSpeed(Infinity);
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

describe('greedy evaluation in the session', () => {
  const EVAL = { maxEpisodeSteps: 40, evalEvery: 4, evalEpisodes: 3 };

  it('reports each evaluation once, where it is applied, with the last, the best and the one in flight in the status', () => {
    const { host, s } = session(EVAL);
    s.setSpeed(Infinity);
    s.start();
    while (host.last.status.episode < 13 || !host.last.status.lastEvaluation) {
      host.runUntil(host.time + 50);
    }
    s.pause();
    s.stepEpisode();
    host.runUntil(host.time + 1000);
    expect(host.last.status.state).toBe('paused');
    const reported = host.progress.flatMap((p) => p.evaluations);
    const episodes = host.last.status.episode;
    // One at a time, each applied later, in order; one due while another flies begins when it is applied.
    const at = reported.map((e) => e.episode);
    expect(at[0]).toBe(4);
    at.slice(1).forEach((episode, i) => expect(episode).toBeGreaterThanOrEqual(at[i] + 4));
    const inFlight = host.last.status.evaluating;
    if (inFlight) {
      expect(inFlight).toEqual({
        episode: inFlight.episode,
        confirming: expect.any(Boolean),
        waiting: false,
        threaded: false,
      });
      expect(inFlight.episode).toBeGreaterThanOrEqual(at.at(-1)! + 4);
    }
    expect(episodes).toBeGreaterThan(at.at(-1)!);
    const status = host.last.status;
    expect(status.lastEvaluation).toEqual(reported.at(-1));
    // The best is the highest confirmed mean (a candidate is flown again before it is crowned).
    const confirmed = reported.flatMap((e) => (e.confirmation ? [e.confirmation.mean] : []));
    expect(status.bestEvaluation!.confirmation!.mean).toBe(Math.max(...confirmed));
    expect(s.evaluationsCsv().split('\n')).toHaveLength(reported.length + 1);
    // Evaluation is not training: the episode reports stay one per training episode.
    expect(host.episodes()).toEqual(Array.from({ length: status.episode }, (_, i) => i + 1));
    s.dispose();
  });

  it('hands out the best model and the latest, each saying which it is and carrying its evaluation', async () => {
    const host = new SavingHost();
    const { saved } = host;
    const s = new TrainingSession({ ...SMALL, ...EVAL }, host);
    s.setSpeed(Infinity);
    s.start();
    while (host.last.status.episode < 10 || !host.last.status.bestEvaluation) host.runUntil(host.time + 50);
    s.pause();
    const status = host.last.status;
    const shape = { inputs: 8, actions: 4 };
    const best = await s.model('tfjs-cpu', 'best');
    const latest = await s.model('tfjs-cpu', 'latest');
    const b = await readModelFiles(best.json, best.weights, shape);
    const l = await readModelFiles(latest.json, latest.weights, shape);
    expect(JSON.parse(best.json).weightsManifest[0].paths).toEqual(['lunar-lander-dqn-best.weights.bin']);
    expect(b.metadata).toMatchObject({
      which: 'best',
      evaluation: status.bestEvaluation,
      engine: 'tfjs-cpu',
    });
    expect(b.metadata.episodes).toBe(status.bestEvaluation!.episode);
    expect(l.metadata).toMatchObject({
      which: 'latest',
      evaluation: status.lastEvaluation,
      episodes: status.episode,
    });
    // The best file's weights are the evaluated ones: they fly the same mean on the evaluation seeds.
    const policy = new PlainForward({ ...shape, hidden1: 16, hidden2: 16 });
    policy.load(b.model);
    const again = flyGreedy(
      (x) => policy.forward(x),
      new LunarLander(envOptions(s.config)),
      3,
      EVAL_SEED_BASE,
    );
    expect(again.returns.reduce((a, r) => a + r, 0) / 3).toBeCloseTo(status.bestEvaluation!.mean, 4);
    b.model.dispose();
    l.model.dispose();

    // A saved run's best model, and a resumed session that keeps its evaluations and best.
    const last = saved[saved.length - 1];
    const fromSaved = await checkpointModel(last, 'tfjs-cpu', 'best');
    expect(JSON.parse(fromSaved.json).userDefinedMetadata.evaluation).toEqual(last.trainer.best!.report);
    const other = session(EVAL);
    other.s.resume(last);
    expect(other.host.last.replaced).toBe(true);
    expect(other.host.last.evaluations).toEqual(last.trainer.evaluations);
    expect(other.host.last.status.bestEvaluation).toEqual(last.trainer.best!.report);
    expect(new Float32Array((await other.s.model('tfjs-cpu', 'best')).weights)).toEqual(
      new Float32Array(best.weights),
    );
    s.dispose();
    other.s.dispose();
  });

  it('says so when no evaluation has run yet to give a best model', async () => {
    const { s } = session(EVAL);
    await expect(s.model('tfjs-cpu', 'best')).rejects.toThrow(/no best model yet/);
    s.dispose();
  });
});
