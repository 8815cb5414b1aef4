/**
 * A training session as the playground drives it: the Trainer run in short time slices (so commands are
 * handled between them), paced from real time (50 steps per second, every step shown) to as fast as it
 * goes; live patches; one-episode steps; watching the greedy policy; models and history out and in.
 *
 * It knows nothing of workers or the DOM: a host gives it a clock, a way to run something later, and
 * somewhere to send progress. The Web Worker is one host, the tests another. Each part of the job has a
 * file of its own beside this one (pacer, greedyWatch, autosave, divergenceAdvice, progressNews); this
 * class puts them in order around the Trainer. It stays one piece past 400 lines because it is the one
 * owner of the session's state (paused, running, watching) and of the trainer it replaces on reset, resume
 * and load: every command reads and changes both.
 */
import type { EngineName } from '../../agent/engines/engineTable';
import { ModelFileError } from '../../agent/model/modelFormat';
import type { ModelFiles } from '../../agent/model/modelFormat';
import { PlainForward } from '../../agent/qNetwork';
import { recentMean } from '../../config/courseRule';
import type { Config } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';
import type { Result } from '../../config/validate';
import { NumpyRandom } from '../../env/rng';
import type { RenderSnapshot } from '../../env/types';
import { Insight } from '../insight/insight';
import type { InsightFrame } from '../insight/insight';
import { asCheckpointError } from '../loop/checkpoint';
import { envOptions } from '../loop/evaluation';
import type { EvaluationReport } from '../loop/evaluation';
import { InlineEvaluations } from '../loop/evaluationRunner';
import type { EvaluationRunner } from '../loop/evaluationRunner';
import { Evaluator } from '../loop/evaluator';
import type { EpisodeReport, ProvenReport, SolvedReport } from '../loop/reports';
import { Trainer } from '../loop/trainer';
import type { TrainerOptions } from '../loop/trainer';
import { trainerNetwork } from '../runs/exportedNetwork';
import type { ExportedNetwork } from '../runs/exportedNetwork';
import { EpisodeHistory, evaluationsCsv, historyCsv } from '../runs/history';
import { trainerModel } from '../runs/modelExport';
import type { ModelKind } from '../runs/modelFileNames';
import type { SessionCheckpoint } from '../runs/savedRun';
import { Autosave } from './autosave';
import type { SaveRun } from './autosave';
import { continuation } from './continuation';
import type { Continuation, SettingsSource } from './continuation';
import { divergenceAdvice } from './divergenceAdvice';
import type { Rollback } from './divergenceAdvice';
import { GreedyWatch } from './greedyWatch';
import type { Flights } from './greedyWatch';
import type { LoadedModel } from './loadedModel';
import { Pacer } from './pacer';
import type { DrawnDecision, Progress, SessionState, Status, WatchedEpisode } from './progress';
import { ProgressNews } from './progressNews';
import { RollbackSchedule } from './rollbackSchedule';
import { REAL_TIME } from './speed';
import type { Speed } from './speed';
import { TrainingClock } from './trainingClock';

/** Greedy evaluation steps between two looks at the clock (a few ms), when flown in line. */
const EVALUATION_CHUNK = 100;
/** Milliseconds between looks for a due result from the evaluation thread, training waiting for it. */
const AWAIT_MS = 1;
/** Progress goes out at most this often while training at full speed. */
const EMIT_EVERY_MS = 50;

export interface SessionHost {
  now(): number;
  /** Runs `task` after `delayMs`; 0 means as soon as waiting messages have been handled. */
  schedule(task: () => void, delayMs: number): void;
  emit(progress: Progress): void;
  /** Storage for the run (autosave.ts says when and what, and on pause); none: the run is not saved. */
  save?: SaveRun;
  /** False for a host that draws nothing (a benchmark's baseline): no insight frames, nor their cost. */
  insight?: boolean;
  /** Where each trainer's evaluation jobs run (the worker: a second worker); default in line. */
  evaluations?: () => EvaluationRunner;
}

export class TrainingSession {
  private trainer: Trainer;
  private state: SessionState = 'paused';
  private speed: Speed = REAL_TIME;
  private watch: GreedyWatch | null = null;
  private watched: WatchedEpisode | null = null;
  /** The last frame of a watched episode, shown once after it ends. */
  private watchedFrame: RenderSnapshot | null = null;
  private history = new EpisodeHistory();
  private readonly news = new ProgressNews();
  /** The last checkpoint known to be finite, to roll back to if training diverges. */
  private lastGood: SessionCheckpoint | null = null;
  private rollback = new RollbackSchedule(() => this.host.now());
  private readonly autosave: Autosave;
  private stepGoal: number | null = null;
  private moved = true;
  private lastEmit = -Infinity;
  private readonly pacer = new Pacer(() => this.host.now());
  /** The trainer's clock: solve times and a run's seconds are training time, not time on the page. */
  private readonly clock = new TrainingClock(() => this.host.now());
  private ticking = false;
  private generation = 0;
  private readonly watchRng: NumpyRandom;
  private insight = new Insight(() => this.host.now());

  constructor(
    config: Config,
    private readonly host: SessionHost,
    private readonly engine?: EngineName,
  ) {
    this.autosave = new Autosave(
      () => this.host.now(),
      (checkpoint) => this.host.save?.(checkpoint),
    );
    this.trainer = this.newTrainer(config);
    this.watchRng = NumpyRandom.fromSeed(BigInt(config.seed) + (3n << 32n));
    this.emit();
  }

  get config(): Config {
    return this.trainer.settings as Config;
  }

  start(): void {
    if (this.state === 'watching') {
      this.watch!.resume = true;
      return;
    }
    this.stepGoal = null;
    this.setState('running');
  }

  pause(): void {
    if (this.state === 'watching') this.watch!.resume = false;
    else {
      this.setState('paused');
      this.keepRollbackPoint();
      this.save();
    }
  }

  /** The run as plain data, when its weights are finite; null after divergence. */
  checkpoint(withReplay = true): SessionCheckpoint | null {
    if (this.trainer.diverged) return null;
    const trainer = this.trainer.checkpoint(withReplay);
    if (!trainer.learner.online.every(Number.isFinite)) return null;
    return { trainer, history: this.history.save() };
  }

  /** Carries on from a checkpoint (checked first: a bad one throws saying why and changes nothing). */
  resume(saved: SessionCheckpoint): void {
    const trainer = Trainer.resume(saved?.trainer, this.trainerOptions());
    let history: EpisodeHistory;
    try {
      history = EpisodeHistory.load(saved.history);
    } catch (e) {
      trainer.dispose();
      throw asCheckpointError(e);
    }
    this.replaceTrainer(trainer);
    this.history = history;
    this.lastGood = saved;
    this.news.historyReplaced();
    this.emit();
  }

  /** Trains until one more episode has ended, then pauses. */
  stepEpisode(): void {
    if (this.state === 'watching') return;
    this.stepGoal = this.trainer.episodes + 1;
    this.setState('running');
  }

  setSpeed(speed: Speed): void {
    if (!(speed > 0))
      throw new RangeError(`speed must be a positive number of steps per second, got ${speed}`);
    this.speed = speed;
    this.pacer.restart();
    this.emit();
  }

  /** A live change, validated first; a bad patch is refused whole and training goes on. */
  applyPatch(patch: unknown): Result<Partial<Config>> {
    const result = this.trainer.applyPatch(patch);
    if (result.ok) this.emit();
    return result;
  }

  /**
   * A new run: a fresh agent, memory and envs from `config` (all of it validated; restart settings such as
   * the network size or the seed take effect here). A bad config is refused and the current run is kept.
   */
  reset(config: unknown = this.config): Result<Config> {
    const checked = validateConfig(config);
    if (!checked.ok) return checked;
    this.replaceTrainer(this.newTrainer(checked.value));
    return checked;
  }

  /**
   * Flies one episode in real time with ε = 0, training waiting: the training agent's weights as they
   * are, or `loaded`'s. False, and nothing changes, while another flight is under way.
   */
  watchGreedy(loaded?: LoadedModel): boolean {
    if (this.watch) return false;
    let policy: PlainForward;
    if (loaded) policy = loaded.policy;
    else {
      policy = new PlainForward(this.trainer.agent.shape);
      policy.loadFlat(this.trainer.agent.weights('online'));
    }
    const seed = this.watchRng.integers(0, 2 ** 31);
    const resume = this.state === 'running';
    const source = loaded ? 'loaded' : 'current';
    this.watch = new GreedyWatch(policy, source, envOptions(this.config), seed, resume, loaded?.name);
    this.setState('watching');
    return true;
  }

  /** Carries on the flights of a loaded model begun before this session existed (earlyFlight.ts). */
  takeOver({ watch, watched }: Flights): void {
    if (watched) this.watched = watched;
    if (!watch || this.watch) {
      this.emit();
      return;
    }
    watch.resume = false;
    this.watch = watch;
    this.moved = true;
    this.setState('watching');
  }

  /** The latest Q-network, or the best evaluation's, as the two TensorFlow.js Layers files with metadata. */
  model(engine: string, kind: ModelKind = 'latest'): Promise<ModelFiles> {
    return trainerModel(this.trainer, engine, kind);
  }

  /** The latest network or the best evaluation's as plain numbers: for ONNX, and for recording a flight. */
  network(kind: ModelKind): ExportedNetwork {
    return trainerNetwork(this.trainer, kind);
  }

  /** Every episode so far as CSV, one row each. */
  historyCsv(): string {
    return historyCsv(this.history.reports());
  }

  /** Every greedy evaluation so far as CSV, one row each. */
  evaluationsCsv(): string {
    return evaluationsCsv(this.trainer.evaluations);
  }

  /**
   * A new run from a loaded model (continuation.ts): its weights in both networks, its layer sizes, and
   * its own settings or the page's; ε at its minimum and an empty replay memory. Settings the table
   * refuses (layer sizes beyond its range) throw a ModelFileError saying why, and change nothing.
   */
  continueFrom(model: LoadedModel, from: SettingsSource): Continuation {
    const planned = continuation(model, from, this.config);
    if (!planned.ok) throw new ModelFileError(planned.errors.map((e) => e.message).join('; '));
    const trainer = this.newTrainer(planned.value.config);
    trainer.agent.setFlatWeights(model.weights);
    this.replaceTrainer(trainer);
    return planned.value;
  }

  /** For fault drills (tests, the page's debug hook): the Q-network's weights become NaN. */
  injectNaN(): void {
    const weights = this.trainer.agent.qNetwork.getWeights();
    this.trainer.agent.setWeights(
      weights.map((w) => w.mul(NaN)),
      this.trainer.agent.targetNetwork.getWeights(),
    );
  }

  dispose(): void {
    this.generation++;
    this.trainer.dispose();
  }

  private newTrainer(config: Config): Trainer {
    return new Trainer(config, this.trainerOptions());
  }

  private trainerOptions(): TrainerOptions {
    return {
      engine: this.engine,
      now: () => this.clock.now(),
      evaluator: new Evaluator(this.host.evaluations?.() ?? new InlineEvaluations()),
      waitForEvaluation: false,
      listener: {
        onEpisode: (report: EpisodeReport) => {
          this.history.push(report);
          this.news.episode(report);
        },
        onSolved: (report: SolvedReport) => this.news.solve(report),
        onEvaluation: (report: EvaluationReport) => this.news.evaluation(report),
        onProven: (report: ProvenReport) => this.news.prove(report),
      },
    };
  }

  private keepRollbackPoint(): void {
    const saved = this.checkpoint();
    if (!saved) return;
    this.lastGood = saved;
    this.rollback.kept(this.trainer.episodes);
  }

  private save(): void {
    if (this.host.save) this.autosave.save(() => this.checkpoint(false), this.trainer.memory);
  }

  /** Stops a run whose numbers went non-finite, and goes back to the last good checkpoint. */
  private recoverFromDivergence(): void {
    const what = this.trainer.diverged!;
    const settings = this.config;
    let rollback: Rollback | null = null;
    if (this.lastGood) {
      const episode = this.lastGood.trainer.episodes;
      this.resume(this.lastGood);
      rollback = { episode, learningRate: this.config.learningRate };
    }
    this.enter('paused');
    this.news.failed(divergenceAdvice(what, settings, rollback));
  }

  private replaceTrainer(trainer: Trainer): void {
    this.trainer.dispose();
    this.trainer = trainer;
    this.insight = new Insight(() => this.host.now());
    this.history.clear();
    this.news.forgetRun();
    this.lastGood = null;
    this.rollback = new RollbackSchedule(() => this.host.now(), trainer.episodes);
    this.watch = null;
    this.stepGoal = null;
    this.moved = true;
    this.generation++;
    this.ticking = false;
    this.setState('paused');
  }

  /** The one place the state changes, so that the training clock runs exactly while training does. */
  private enter(state: SessionState): void {
    this.state = state;
    this.clock.runWhile(state === 'running');
  }

  private setState(state: SessionState): void {
    this.enter(state);
    this.pacer.restart();
    this.emit();
    if (state !== 'paused' && !this.ticking) {
      this.ticking = true;
      const generation = this.generation;
      this.host.schedule(() => this.tick(generation), 0);
    }
  }

  private tick(generation: number): void {
    if (generation !== this.generation) return;
    this.ticking = false;
    if (this.state === 'paused') return;
    const speed = this.state === 'watching' ? REAL_TIME : this.speed;
    const due = this.pacer.startSlice(speed);
    let done = 0;
    let awaitingThread = false;
    while (done < due && !this.isPaused()) {
      if (this.state !== 'watching' && this.trainer.awaitingEvaluation) {
        // Training waits for a result that is due: in line, flown here as fast as it goes whatever the speed;
        // from a thread, looked for again shortly. Then the pace restarts.
        this.trainer.flyEvaluation(EVALUATION_CHUNK);
        if (this.trainer.settleEvaluations()) {
          this.afterTraining();
          this.pacer.restart();
        } else if (this.trainer.evaluationMode === 'threaded') {
          awaitingThread = true;
          break;
        }
        if (this.pacer.sliceOver()) break;
        continue;
      }
      if (this.state === 'watching') this.watchStep();
      else this.trainStep();
      done++;
      this.moved = true;
      if (this.pacer.sliceOver()) break;
    }
    this.pacer.took(done);
    // Between slices, and not while a greedy flight is watched (a checkpoint would not hold it).
    if (this.state === 'running' && this.autosave.due) this.save();
    if (Number.isFinite(speed) || this.host.now() - this.lastEmit >= EMIT_EVERY_MS || this.isPaused()) {
      this.emit();
    }
    if (this.isPaused()) return;
    this.ticking = true;
    this.host.schedule(() => this.tick(generation), awaitingThread ? AWAIT_MS : this.pacer.wait(speed));
  }

  /** A method, not a field test, because the steps below change the state. */
  private isPaused(): boolean {
    return this.state === 'paused';
  }

  private trainStep(): void {
    this.trainer.step();
    if (this.host.insight !== false) this.insight.observe(this.trainer);
    if (this.trainer.diverged) {
      this.recoverFromDivergence();
      return;
    }
    // With a due evaluation result awaited, stopping waits for it, so that the run includes it.
    if (!this.trainer.awaitingEvaluation) this.afterTraining();
  }

  private afterTraining(): void {
    if (this.rollback.due(this.trainer.episodes)) this.keepRollbackPoint();
    if (this.trainer.finished || (this.stepGoal !== null && this.trainer.episodes >= this.stepGoal)) {
      this.stepGoal = null;
      this.enter('paused');
      this.save();
    }
  }

  private watchStep(): void {
    const w = this.watch!;
    if (!w.step()) return;
    this.watched = w.episode;
    this.watchedFrame = w.frame();
    this.watch = null;
    this.enter(w.resume ? 'running' : 'paused');
    this.pacer.restart();
  }

  private status(): Status {
    const t = this.trainer;
    return {
      state: this.state,
      watching: this.watch ? { ...this.watch.episode } : null,
      watched: this.watched,
      episode: t.episodes,
      envSteps: t.envSteps,
      updates: t.agent.updates,
      epsilon: t.epsilon,
      avg100: recentMean(t.returns),
      stepsPerSecond: this.history.length ? this.history.at(this.history.length - 1).stepsPerSecond : 0,
      updateMs: t.updateMs,
      speed: this.speed,
      config: { ...this.config },
      solved: t.solved,
      proven: t.proven,
      lastEvaluation: t.evaluations.at(-1) ?? null,
      evaluating: this.evaluating(),
      bestEvaluation: t.best?.report ?? null,
    };
  }

  private evaluating(): Status['evaluating'] {
    const t = this.trainer;
    const episode = t.evaluationInFlight;
    if (episode === null) return null;
    return {
      episode,
      confirming: t.confirming,
      waiting: t.awaitingEvaluation,
      threaded: t.evaluationMode === 'threaded',
    };
  }

  private emit(): void {
    this.lastEmit = this.host.now();
    let frames: RenderSnapshot[] | null = null;
    let decision: DrawnDecision | null = null;
    let insight: InsightFrame | null = null;
    if (this.moved) {
      this.moved = false;
      if (this.watch) {
        frames = [this.watch.frame()];
        decision = this.watch.decision();
      } else if (this.watchedFrame) {
        frames = [this.watchedFrame];
        this.watchedFrame = null;
      } else {
        const env = this.trainer.env;
        frames = env.renderSnapshot ? Array.from({ length: env.n }, (_, i) => env.renderSnapshot!(i)) : null;
        const d = this.trainer.lastDecision;
        decision = {
          qValues: Array.from(this.trainer.agent.qValues(d.state)),
          action: d.action,
          explored: d.explored,
        };
        if (this.host.insight !== false) {
          const now = this.host.now();
          insight = this.insight.frame(this.trainer, now, this.speed, this.state !== 'running');
        }
      }
    }
    const progress: Progress = {
      status: this.status(),
      ...this.news.take(this.history, this.trainer.evaluations),
      frames,
      decision,
      insight,
    };
    this.host.emit(progress);
  }
}
