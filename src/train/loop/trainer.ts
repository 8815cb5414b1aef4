/**
 * The training loop that joins env and agent, as the lab runs it, for any number of parallel envs:
 *
 *   for each env step:  a = ε-greedy(s);  s', r, done = env.step(a);  memory.add(s, a, r, s', done)
 *                       if (t + 1) mod learnEvery = 0 and memory holds more than a batch: learn
 *   after each episode: ε ← max(ε_min, decay·ε);  solved when the mean of the last 100 returns ≥ 200
 *
 * Options beyond the lab change what is stored and sampled: n-step returns (agent/nStepReturns.ts) store
 * each step's transition once its n rewards are in; prioritized replay samples by priority, with
 * importance weights, and takes the update's TD errors back as priorities.
 *
 * Beyond the lab, and without changing its training: greedy evaluations (evaluation.ts), each candidate for
 * the best model confirmed on other moons, and "proven" once solved with a best model whose confirmation
 * clears the bar; `stopWhen` says which of solved, proven or the episode budget ends the run.
 *
 * It knows nothing of browsers or Node: the worker, the command line and the tests drive the same code.
 * Every draw comes from seeded generators, so one seed reproduces a run.
 *
 * One file of about 500 lines so that the algorithm reads top to bottom in one place, as CleanRL's
 * dqn.py does; what can stand alone already does (checkpoint.ts, evaluation.ts, evaluator.ts, reports.ts).
 */
import { DqnAgent } from '../../agent/dqn';
import { DEFAULT_ENGINE } from '../../agent/engines/engineTable';
import type { EngineName } from '../../agent/engines/engineTable';
import { engineLearner } from '../../agent/engines/learners';
import { nextEpsilon } from '../../agent/epsilon';
import { NStepReturns } from '../../agent/nStepReturns';
import { REPLAY_PAGE_ROWS, ReplayBuffer } from '../../agent/replayBuffer';
import type { Batch } from '../../agent/replayBuffer';
import { settingsOf, SPECS } from '../../config/hyperparameters';
import type { Config, NumberSpec } from '../../config/hyperparameters';
import { validatePatch } from '../../config/validate';
import type { Result } from '../../config/validate';
import { NumpyRandom } from '../../env/rng';
import { VecLunarLander } from '../../env/vecLunarLander';
import { asCheckpointError, CHECKPOINT_FORMAT, CHECKPOINT_VERSION, checkCheckpoint } from './checkpoint';
import type { TrainerCheckpoint } from './checkpoint';
import { envOptions, evaluationDue } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
import { Evaluator } from './evaluator';
import { clearsProvenBar, meetsCourseRule, recentMean } from '../../config/courseRule';
import type { Decision, EpisodeReport, ProvenReport, SolvedReport, TrainerListener } from './reports';
import type { VecEnv } from './vecEnv';

export interface TrainerOptions {
  /** The envs to train on; default VecLunarLander(config.numEnvs) with the config's env options. */
  env?: VecEnv;
  listener?: TrainerListener;
  /** Milliseconds; for steps-per-second and the solve time. */
  now?: () => number;
  /** Which engine learns (agent/engines/engineTable.ts); it changes the speed, not what is learned. */
  engine?: EngineName;
  /**
   * Greedy evaluations; default one whose jobs run in line (evaluationRunner.ts), none with a given env.
   * Where the jobs run changes when training waits for them, never what they give.
   */
  evaluator?: Evaluator | null;
  /**
   * False: `step()` never waits for an evaluation result that is due; the step ends there
   * (`awaitingEvaluation`) and the host calls `settleEvaluations` until it is in (the page's worker, whose
   * message loop must not wait). Default true: the step waits for it.
   */
  waitForEvaluation?: boolean;
}

/** The batch size can change live, so the learner is made for the largest the settings allow. */
const LARGEST_BATCH = (SPECS.get('batchSize') as NumberSpec).max;

export function lunarLanderEnv(config: Config): VecLunarLander {
  return new VecLunarLander(config.numEnvs, envOptions(config));
}

/** What the learning engine takes of a config, or of a patch: the table's 'learner' settings. */
function learningSettings<C extends Partial<Config>>(c: C) {
  return settingsOf('learner', c);
}

function priorityOptions(config: Config) {
  return config.prioritized ? { alpha: config.perAlpha } : null;
}

function newMemory(config: Config, obsSize: number): ReplayBuffer {
  return new ReplayBuffer(config.replaySize, obsSize, REPLAY_PAGE_ROWS, priorityOptions(config));
}

export class Trainer {
  readonly env: VecEnv;
  readonly agent: DqnAgent;
  memory: ReplayBuffer;
  /** Null with 1-step returns (the lab), whose transitions go straight into the memory. */
  private readonly nStep: NStepReturns | null;
  private config: Config;
  private readonly listener: TrainerListener;
  private readonly now: () => number;
  private readonly evaluator: Evaluator | null;
  private readonly waitForEvaluation: boolean;
  /** An evaluation has fallen due and not begun: another is in flight, or a result before it is awaited. */
  private evaluationDue = false;
  private awaiting = false;
  // Separate streams, so that changing how often we learn does not change which actions are explored.
  private actionRng: NumpyRandom;
  private sampleRng: NumpyRandom;

  private readonly states: Float32Array;
  private readonly actions: Int32Array;
  private readonly stepInEpisode: Int32Array;
  private readonly episodeReturn: Float64Array;

  epsilon: number;
  episodes = 0;
  envSteps = 0;
  readonly returns: number[] = [];
  solved: SolvedReport | null = null;
  /** When the run was proven: solved, and a best model whose confirmation clears the bar. */
  proven: ProvenReport | null = null;
  readonly lastDecision: Decision;
  /** Set when a learning step gives a non-finite loss or Q-value: what went wrong. */
  diverged: string | null = null;
  /** Exponential moving average of one learning step's wall time, in ms (0 before the first). */
  updateMs = 0;

  private lossSum = 0;
  private maxQSum = 0;
  private learnSteps = 0;
  private startedAt: number;
  /** Seconds trained before a resume. */
  private secondsBefore = 0;
  private lastReportAt: number;
  private lastReportSteps = 0;

  constructor(config: Config, options: TrainerOptions = {}) {
    this.config = { ...config };
    this.env = options.env ?? lunarLanderEnv(config);
    this.listener = options.listener ?? {};
    this.now = options.now ?? (() => performance.now());
    this.evaluator =
      options.evaluator !== undefined ? options.evaluator : options.env ? null : new Evaluator();
    this.waitForEvaluation = options.waitForEvaluation ?? true;
    const { n, obsSize, numActions } = this.env;

    const shape = {
      inputs: obsSize,
      hidden1: config.hidden1,
      hidden2: config.hidden2,
      actions: numActions,
      dueling: config.dueling,
    };
    this.agent = new DqnAgent(
      engineLearner(options.engine ?? DEFAULT_ENGINE, shape, config.seed, LARGEST_BATCH),
      learningSettings(config),
      config.seed,
    );
    this.memory = newMemory(config, obsSize);
    this.nStep = config.nStep > 1 ? new NStepReturns(config.nStep, n, obsSize) : null;
    this.actionRng = NumpyRandom.fromSeed(BigInt(config.seed) + (1n << 32n));
    this.sampleRng = NumpyRandom.fromSeed(BigInt(config.seed) + (2n << 32n));

    this.states = new Float32Array(n * obsSize);
    this.states.set(this.env.reset(config.seed));
    this.actions = new Int32Array(n);
    this.stepInEpisode = new Int32Array(n);
    this.episodeReturn = new Float64Array(n);
    this.lastDecision = {
      state: new Float32Array(obsSize),
      action: 0,
      explored: false,
      reward: 0,
      nextState: new Float32Array(obsSize),
      done: false,
    };
    this.epsilon = config.epsilonStart;
    this.startedAt = this.lastReportAt = this.now();
  }

  get settings(): Readonly<Config> {
    return this.config;
  }

  /** Every greedy evaluation so far, oldest first (none when evaluation is off). */
  get evaluations(): EvaluationReport[] {
    return this.evaluator?.evaluations ?? [];
  }

  /** The weights of the best evaluation so far (by confirmed mean return), with its report. */
  get best(): BestModel | null {
    return this.evaluator?.best ?? null;
  }

  /** True while an evaluation has begun and its result has not been applied (training goes on meanwhile). */
  get evaluating(): boolean {
    return this.evaluator?.running ?? false;
  }

  /** True while the oldest evaluation in flight flies its candidate's confirmation (part of `evaluating`). */
  get confirming(): boolean {
    return this.evaluator?.confirming ?? false;
  }

  /** The training episode whose weights the oldest evaluation in flight flies. */
  get evaluationInFlight(): number | null {
    return this.evaluator?.oldest ?? null;
  }

  /** Where evaluations run: in line, or threaded; null when this trainer has none. */
  get evaluationMode(): 'in-line' | 'threaded' | null {
    return this.evaluator?.runner.mode ?? null;
  }

  /** True while training waits for an evaluation result that is due (only when `waitForEvaluation` is false). */
  get awaitingEvaluation(): boolean {
    return this.awaiting;
  }

  /**
   * True once the run should stop: the episode budget is spent, or it is solved or proven as `stopWhen`
   * asks, and no evaluation is in flight (a run that stops waits for them and applies them).
   */
  get finished(): boolean {
    return this.stopConditionMet && !this.evaluating;
  }

  private get stopConditionMet(): boolean {
    if (this.episodes >= this.config.maxEpisodes) return true;
    switch (this.config.stopWhen) {
      case 'solved':
        return this.solved !== null;
      case 'proven':
        return this.proven !== null;
      case 'budget':
        return false;
    }
  }

  /** Validates a live change and applies it whole, or refuses it whole with the reasons; training goes on. */
  applyPatch(patch: unknown): Result<Partial<Config>> {
    const checked = validatePatch(patch);
    if (!checked.ok) return checked;
    this.config = { ...this.config, ...checked.value };
    this.agent.configure(learningSettings(checked.value));
    if (checked.value.perAlpha !== undefined) this.memory.setAlpha(checked.value.perAlpha);
    if (checked.value.epsilonStart !== undefined) this.epsilon = checked.value.epsilonStart;
    return checked;
  }

  /**
   * One step of every env, with the learning steps that fall due; then the evaluation results due are
   * applied and an evaluation that falls due begins. While a result is awaited (`awaitingEvaluation`), a
   * step only looks for it.
   */
  step(): void {
    if (this.awaiting) {
      this.settleEvaluations();
      return;
    }
    const { n, obsSize } = this.env;
    const episodesBefore = this.episodes;
    for (let i = 0; i < n; i++) {
      const { action, explored } = this.agent.act(this.states, this.epsilon, this.actionRng, i * obsSize);
      this.actions[i] = action;
      if (i === 0) {
        // A plain copy: a subarray view per step would be garbage on the hottest path.
        for (let k = 0; k < obsSize; k++) this.lastDecision.state[k] = this.states[k];
        this.lastDecision.action = action;
        this.lastDecision.explored = explored;
      }
    }
    const r = this.env.step(this.actions);
    const { learnEvery, batchSize } = this.config;
    for (let i = 0; i < n; i++) {
      const done = r.terminated[i] === 1 || r.truncated[i] === 1;
      const next = done ? r.finalObservations : r.observations;
      if (i === 0) {
        const d = this.lastDecision;
        for (let k = 0; k < obsSize; k++) d.nextState[k] = next[k];
        d.reward = r.rewards[0];
        d.done = done;
      }
      const at = i * obsSize;
      if (this.nStep) {
        const { gamma } = this.config;
        this.nStep.add(this.memory, i, gamma, this.states, this.actions[i], r.rewards[i], next, done, at, at);
      } else this.memory.add(this.states, this.actions[i], r.rewards[i], next, done, at, at);
      this.envSteps++;
      this.episodeReturn[i] += r.rewards[i];
      const t = this.stepInEpisode[i]++;
      if ((t + 1) % learnEvery === 0 && this.memory.size > batchSize) this.learn();
      if (done) this.endEpisode(i, r.outcomes?.[i]);
    }
    this.states.set(r.observations);
    if (this.evaluator && evaluationDue(episodesBefore, this.episodes, this.config.evalEvery)) {
      this.evaluationDue = true;
    }
    this.settleEvaluations();
  }

  /**
   * Applies the evaluation result that is due now (evaluator.ts says when), then begins the evaluation that
   * fell due, if none is in flight (so that it measures candidates against the best as it now is). A run
   * whose stop condition is met waits for the evaluation in flight and applies it, so that how it ends does
   * not depend on how fast it ran, and begins no new one. False while a result that is due has not come in
   * (the runner cannot wait, or `waitForEvaluation` is false).
   */
  settleEvaluations(): boolean {
    const evaluator = this.evaluator;
    if (!evaluator) return true;
    const wait = this.waitForEvaluation;
    const applied = (report: EvaluationReport) => {
      this.listener.onEvaluation?.(report);
      this.checkProven();
    };
    do {
      this.awaiting = !evaluator.settle(this.envSteps, this.stopConditionMet, wait, applied);
      if (this.awaiting) return false;
      // One at a time, so that each is measured against the best as it is: one that falls due while another
      // flies begins when that one is applied. A run that stops begins none (`evaluate` judges the last weights).
      if (this.evaluationDue && !evaluator.running) {
        this.evaluationDue = false;
        if (!this.stopConditionMet) this.startEvaluation();
      }
    } while (this.stopConditionMet && evaluator.running);
    return true;
  }

  /** Flies up to `maxSteps` steps of an in-line evaluation, for a host that flies them in slices. */
  flyEvaluation(maxSteps: number): void {
    this.evaluator?.runner.advance?.(maxSteps);
  }

  /**
   * A whole greedy evaluation of the current weights now (besides the ones every evalEvery episodes),
   * after the ones in flight; it waits for them all.
   */
  evaluate(): EvaluationReport {
    const evaluator = this.evaluator;
    if (!evaluator) throw new Error('this trainer has no evaluator (it trains on a given env)');
    let last: EvaluationReport | null = null;
    const applied = (report: EvaluationReport) => {
      last = report;
      this.listener.onEvaluation?.(report);
      this.checkProven();
    };
    if (!evaluator.settle(this.envSteps, true, true, applied)) throw new Error('evaluate() must wait');
    this.startEvaluation();
    evaluator.settle(this.envSteps, true, true, applied);
    return last!;
  }

  /** Runs until `count` more episodes have ended (or the budget is spent). */
  runEpisodes(count: number): void {
    const target = Math.min(this.episodes + count, this.config.maxEpisodes);
    while (this.episodes < target) this.step();
  }

  /** The lab's run: until `finished` (solved, proven or out of episodes, as `stopWhen` says). */
  train(): SolvedReport | null {
    while (!this.finished) this.step();
    return this.solved;
  }

  /** A job on a snapshot of the weights now (evaluator.ts says when its result is applied). */
  private startEvaluation(): void {
    const { evalEpisodes, confirmEpisodes } = this.config;
    const job = {
      episode: this.episodes,
      weights: this.agent.weights('online'),
      shape: this.agent.shape,
      env: envOptions(this.config),
      evalEpisodes,
      confirmEpisodes,
      best: this.best?.report ?? null,
    };
    this.evaluator!.start(job, this.envSteps);
  }

  /** Training time so far, in seconds, across resumes. */
  private seconds(now = this.now()): number {
    return this.secondsBefore + (now - this.startedAt) / 1000;
  }

  /** Proven the first time the run is solved and its best model's confirmation clears the bar. */
  private checkProven(): void {
    const confirmation = this.best?.report.confirmation;
    if (this.proven || !this.solved || !confirmation || !clearsProvenBar(confirmation)) return;
    this.proven = {
      episode: this.episodes,
      envSteps: this.envSteps,
      seconds: this.seconds(),
      confirmation,
    };
    this.listener.onProven?.(this.proven);
  }

  private learn(): void {
    const t0 = this.now();
    const { batchSize, perBeta, perBetaEpisodes, perEpsilon } = this.config;
    let batch: Batch;
    if (this.memory.prioritized) {
      // β grows in a straight line from its start to 1 over perBetaEpisodes episodes.
      const beta = perBeta + (1 - perBeta) * Math.min(1, this.episodes / perBetaEpisodes);
      batch = this.memory.samplePrioritized(batchSize, this.sampleRng, { beta });
    } else batch = this.memory.sample(batchSize, this.sampleRng);
    const { loss, meanMaxQ, tdErrors } = this.agent.learn(batch);
    if (tdErrors) this.memory.updatePriorities(tdErrors, perEpsilon);
    const ms = this.now() - t0;
    this.updateMs = this.updateMs === 0 ? ms : 0.98 * this.updateMs + 0.02 * ms;
    if (!Number.isFinite(loss) || !Number.isFinite(meanMaxQ)) {
      this.diverged ??= `after ${this.agent.updates} updates the loss was ${loss} and the mean max Q ${meanMaxQ}`;
    }
    this.lossSum += loss;
    this.maxQSum += meanMaxQ;
    this.learnSteps++;
  }

  private endEpisode(i: number, outcome: string | undefined): void {
    const ret = this.episodeReturn[i];
    const length = this.stepInEpisode[i];
    this.episodeReturn[i] = 0;
    this.stepInEpisode[i] = 0;
    this.episodes++;
    this.returns.push(ret);
    this.epsilon = nextEpsilon(this.epsilon, this.config.epsilonDecay, this.config.epsilonMin);

    const avg100 = recentMean(this.returns)!;
    const now = this.now();
    const report: EpisodeReport = {
      episode: this.episodes,
      return: ret,
      length,
      outcome,
      epsilon: this.epsilon,
      avg100,
      loss: this.learnSteps ? this.lossSum / this.learnSteps : null,
      meanMaxQ: this.learnSteps ? this.maxQSum / this.learnSteps : null,
      envSteps: this.envSteps,
      updates: this.agent.updates,
      stepsPerSecond:
        ((this.envSteps - this.lastReportSteps) * 1000) / Math.max(now - this.lastReportAt, 1e-9),
    };
    this.lossSum = this.maxQSum = this.learnSteps = 0;
    this.lastReportAt = now;
    this.lastReportSteps = this.envSteps;
    this.listener.onEpisode?.(report);

    if (!this.solved && meetsCourseRule(this.returns)) {
      this.solved = {
        episode: this.episodes,
        envSteps: this.envSteps,
        seconds: this.seconds(now),
      };
      this.listener.onSolved?.(this.solved);
      this.checkProven();
    }
  }

  /** The run as plain data; `withReplay: false` leaves the memory out (about 8 MB at 100k transitions). */
  checkpoint(withReplay = true): TrainerCheckpoint {
    if (!this.env.checkpoint) throw new Error('this env cannot be checkpointed');
    return {
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      config: { ...this.config },
      learner: this.agent.save(),
      epsilon: this.epsilon,
      episodes: this.episodes,
      envSteps: this.envSteps,
      returns: [...this.returns],
      solved: this.solved,
      proven: this.proven,
      seconds: this.seconds(),
      observations: this.states.slice(),
      stepInEpisode: Array.from(this.stepInEpisode),
      episodeReturn: Array.from(this.episodeReturn),
      pendingLearning: { lossSum: this.lossSum, maxQSum: this.maxQSum, steps: this.learnSteps },
      rng: { action: this.actionRng.save(), sample: this.sampleRng.save() },
      env: this.env.checkpoint(),
      replay: withReplay ? this.memory.save() : null,
      nStep: this.nStep?.save() ?? null,
      evaluations: [...this.evaluations],
      best: this.best,
      evaluationsInFlight: this.evaluator?.inFlight() ?? [],
      evaluationDue: this.evaluationDue,
    };
  }

  /** A trainer that carries on exactly where `checkpoint` stopped (checked first; throws saying why not). */
  static resume(checkpoint: unknown, options: TrainerOptions = {}): Trainer {
    const cp = checkCheckpoint(checkpoint);
    const trainer = new Trainer(cp.config, options);
    try {
      if (!trainer.env.restore) throw new Error('this env cannot be restored');
      trainer.agent.load(cp.learner);
      if (cp.replay) {
        if (cp.replay.capacity !== cp.config.replaySize || cp.replay.obsSize !== trainer.env.obsSize) {
          throw new Error('its replay memory does not match its settings');
        }
        trainer.memory = ReplayBuffer.load(cp.replay, priorityOptions(cp.config));
      }
      if (trainer.nStep) {
        if (!cp.nStep) throw new Error('its n-step returns in progress are missing');
        trainer.nStep.load(cp.nStep);
      }
      trainer.actionRng = NumpyRandom.restore(cp.rng.action);
      trainer.sampleRng = NumpyRandom.restore(cp.rng.sample);
      trainer.states.set(trainer.env.restore(cp.env));
      trainer.stepInEpisode.set(cp.stepInEpisode);
      trainer.episodeReturn.set(cp.episodeReturn);
      trainer.epsilon = cp.epsilon;
      trainer.episodes = cp.episodes;
      trainer.envSteps = trainer.lastReportSteps = cp.envSteps;
      trainer.returns.push(...cp.returns);
      trainer.solved = cp.solved;
      trainer.proven = cp.proven ?? null;
      trainer.secondsBefore = cp.seconds;
      trainer.lossSum = cp.pendingLearning.lossSum;
      trainer.maxQSum = cp.pendingLearning.maxQSum;
      trainer.learnSteps = cp.pendingLearning.steps;
      // Jobs in flight are flown again from their start, confirmations included: their weights, seeds and
      // the best they began against are saved, so they end as they would have, and are applied where due.
      trainer.evaluator?.restore(cp.evaluations, cp.best, cp.evaluationsInFlight);
      if (trainer.evaluator && cp.evaluationPending && !cp.evaluationsInFlight) {
        // Saved before evaluations ran beside training: the one under way flies the weights as saved.
        trainer.startEvaluation();
      }
      trainer.evaluationDue = (cp.evaluationDue ?? false) && trainer.evaluator !== null;
      // The first step applies what was due when it was saved before training on.
      trainer.awaiting = trainer.evaluator !== null;
    } catch (e) {
      trainer.dispose();
      throw asCheckpointError(e);
    }
    return trainer;
  }

  dispose(): void {
    this.agent.dispose();
    this.evaluator?.dispose();
  }
}
