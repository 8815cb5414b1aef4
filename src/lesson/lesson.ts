/**
 * "Learn it with a DQN": the lab's own agent (DqnAgent and its replay memory, through the Trainer) on
 * the Mars rover, run in short slices like the playground's session, reporting its Q-values for the six
 * states beside the exact ones a few times a second. ε and the learning rate can change while it learns.
 */
import { ROVER_STATES, MarsRover } from './marsRover';
import { defaultConfig } from '../config/hyperparameters';
import { validateConfig } from '../config/validate';
import { checkProblem, exactQ } from './bellmanTable';
import type { RoverProblem } from './bellmanTable';
import { Trainer } from '../train/loop/trainer';

export interface LessonSettings {
  epsilon: number;
  learningRate: number;
}

export interface LessonProgress {
  running: boolean;
  updates: number;
  episodes: number;
  epsilon: number;
  learningRate: number;
  /** The DQN's Q(s, ·) for each state, and the exact values. */
  q: number[][];
  exact: number[][];
  /** The largest |Q − Q*| / max(|Q*|, 1) over the table. */
  worstError: number;
}

export interface LessonHost {
  now(): number;
  schedule(task: () => void, delayMs: number): void;
  emit(progress: LessonProgress): void;
}

const SLICE_MS = 12;
const EMIT_EVERY_MS = 100;

/** A small network and frequent learning: the rover's episodes are a few steps long. */
function lessonConfig(problem: RoverProblem, settings: LessonSettings, seed: number) {
  const checked = validateConfig({
    ...defaultConfig(),
    gamma: problem.gamma,
    seed,
    learningRate: settings.learningRate,
    epsilonStart: settings.epsilon,
    epsilonDecay: 1,
    epsilonMin: 0,
    learnEvery: 2,
    batchSize: 64,
    tau: 0.05,
    hidden1: 32,
    hidden2: 32,
    replaySize: 100_000,
    maxEpisodes: 1_000_000,
  });
  if (!checked.ok) throw new RangeError(checked.errors.map((e) => e.message).join('; '));
  return checked.value;
}

export class RoverLesson {
  private readonly trainer: Trainer;
  private readonly exact: number[][];
  private running = false;
  private generation = 0;
  private lastEmit = -Infinity;
  private readonly state = new Float32Array(ROVER_STATES);

  constructor(
    problem: RoverProblem,
    settings: LessonSettings,
    private readonly host: LessonHost,
    seed = 0,
  ) {
    checkProblem(problem);
    this.exact = exactQ(problem);
    this.trainer = new Trainer(lessonConfig(problem, settings, seed), {
      env: new MarsRover(problem),
      now: () => host.now(),
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const generation = ++this.generation;
    this.host.schedule(() => this.tick(generation), 0);
  }

  stop(): void {
    this.running = false;
    this.generation++;
    this.emit();
  }

  /** Live ε and learning rate, checked as the playground checks them; a bad value is refused whole. */
  patch(settings: Partial<LessonSettings>): void {
    const patch = {
      ...(settings.epsilon !== undefined && { epsilonStart: settings.epsilon }),
      ...(settings.learningRate !== undefined && { learningRate: settings.learningRate }),
    };
    const result = this.trainer.applyPatch(patch);
    if (!result.ok) throw new RangeError(result.errors.map((e) => e.message).join('; '));
    this.emit();
  }

  /** The DQN's Q-values for each of the six states. */
  qTable(): number[][] {
    return Array.from({ length: ROVER_STATES }, (_, s) => {
      this.state.fill(0);
      this.state[s] = 1;
      return Array.from(this.trainer.agent.qValues(this.state));
    });
  }

  dispose(): void {
    this.running = false;
    this.generation++;
    this.trainer.dispose();
  }

  private tick(generation: number): void {
    if (generation !== this.generation) return;
    const start = this.host.now();
    while (this.host.now() - start < SLICE_MS) this.trainer.step();
    if (this.host.now() - this.lastEmit >= EMIT_EVERY_MS) this.emit();
    this.host.schedule(() => this.tick(generation), 0);
  }

  private emit(): void {
    this.lastEmit = this.host.now();
    const q = this.qTable();
    const worstError = Math.max(
      ...q.flatMap((row, s) =>
        row.map((x, a) => Math.abs(x - this.exact[s][a]) / Math.max(Math.abs(this.exact[s][a]), 1)),
      ),
    );
    const t = this.trainer;
    this.host.emit({
      running: this.running,
      updates: t.agent.updates,
      episodes: t.episodes,
      epsilon: t.epsilon,
      learningRate: t.settings.learningRate,
      q,
      exact: this.exact,
      worstError,
    });
  }
}
