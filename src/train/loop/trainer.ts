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
 * One file a little over 400 lines so that the algorithm reads top to bottom in one place, as CleanRL's
 * dqn.py does; what can stand alone already does (checkpoint.ts, evaluation.ts, reports.ts).
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
import { envOptions, Evaluator } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
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
  /** Greedy evaluations; default one on a LunarLander with the config's env options, none with a given env. */
  evaluator?: Evaluator | null;
  /**
   * True: an evaluation that falls due is only started by `step()`, and the host flies it in slices with
   * `continueEvaluation` (the worker, whose message loop must not wait a whole evaluation). Default false:
   * it is flown to the end within the step.
   */
  evaluationInSlices?: boolean;
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
  private readonly evaluationInSlices: boolean;
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
      options.evaluator !== undefined
        ? options.evaluator
        : options.env
          ? null
          : new Evaluator(envOptions(config));
    this.evaluationInSlices = options.evaluationInSlices ?? false;
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

  /** True while an evaluation has started and not yet ended (training waits for it). */
  get evaluating(): boolean {
    return this.evaluator?.running ?? false;
  }

  /** True while a candidate for the best model is flown on the confirmation moons (part of `evaluating`). */
  get confirming(): boolean {
    return this.evaluator?.confirming ?? false;
  }

  /** True once the run should stop: the episode budget is spent, or it is solved or proven as `stopWhen` asks. */
  get finished(): boolean {
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

  /** One step of every env, with the learning steps that fall due. */
  step(): void {
    if (this.evaluating) this.continueEvaluation();
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
    if (this.evaluator && Evaluator.due(episodesBefore, this.episodes, this.config.evalEvery)) {
      this.startEvaluation();
      if (!this.evaluationInSlices) this.continueEvaluation();
    }
  }

  /** A whole greedy evaluation of the current weights now (besides the ones every evalEvery episodes). */
  evaluate(): EvaluationReport {
    if (!this.evaluator) throw new Error('this trainer has no evaluator (it trains on a given env)');
    if (this.evaluating) this.continueEvaluation();
    this.startEvaluation();
    return this.continueEvaluation()!;
  }

  /**
   * Flies up to `maxSteps` more steps of the running evaluation (and of its confirmation, when it is a
   * candidate); its report once both have ended.
   */
  continueEvaluation(maxSteps = Infinity): EvaluationReport | null {
    const report = this.evaluator!.advance(this.agent, maxSteps);
    if (report) {
      this.listener.onEvaluation?.(report);
      this.checkProven();
    }
    return report;
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

  private startEvaluation(): void {
    const { evalEpisodes, confirmEpisodes } = this.config;
    this.evaluator!.start(this.agent, this.episodes, evalEpisodes, confirmEpisodes);
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
      evaluationPending: this.evaluating,
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
      trainer.evaluator?.restore(cp.evaluations, cp.best);
      // Flown again from its start, its confirmation included: the weights are the ones it began with, its
      // seeds are fixed, and the best it is measured against is the one saved, so it ends as it would have.
      if (cp.evaluationPending && trainer.evaluator) trainer.startEvaluation();
    } catch (e) {
      trainer.dispose();
      throw asCheckpointError(e);
    }
    return trainer;
  }

  dispose(): void {
    this.agent.dispose();
  }
}
