/**
 * Every learning engine of Lander Lab, in one table, as the hyperparameters are in theirs: the engine
 * select and `?engine=` on the page, `--engine` on the command line and its help, which engine takes over
 * when one cannot start, what auto times, the tfjs backend each sets and the learner each makes all come
 * from it. Adding an engine is adding one entry here.
 *
 * Data only: the page reads this table and must not load TensorFlow.js, so an entry names its learner and
 * learners.ts (loaded in the worker and in Node) makes it.
 */
import type { LearnerName } from '../learner';

export type TfjsBackend = 'webgl' | 'wasm' | 'cpu';

interface EngineSpec {
  /** As users see and type it. */
  name: string;
  /** One line for the command line's help. */
  description: string;
  /** The implementation of the update it runs (learners.ts makes it). */
  learner: LearnerName;
  /**
   * The tfjs backend set when it starts: the tfjs engines learn on it; the kernel only initialises weights
   * and writes model files with tfjs, so it takes the lightest.
   */
  tfjsBackend: TfjsBackend;
  /** The engine that takes over when this one cannot start; null for the one that always starts. */
  fallback: string | null;
  /** Whether auto times it when it chooses the fastest. */
  auto: boolean;
}

export const ENGINE_TABLE = [
  {
    name: 'kernel',
    description: 'the whole update as one fused WebAssembly function (SIMD)',
    learner: 'kernel',
    tfjsBackend: 'cpu',
    fallback: 'tfjs-wasm',
    auto: true,
  },
  {
    name: 'tfjs-webgl',
    description: 'the update as TensorFlow.js operations on the GPU, through WebGL',
    learner: 'handwritten',
    tfjsBackend: 'webgl',
    fallback: 'tfjs-wasm',
    auto: true,
  },
  {
    name: 'tfjs-wasm',
    description: "the update as TensorFlow.js operations on tfjs's WebAssembly backend",
    learner: 'handwritten',
    tfjsBackend: 'wasm',
    fallback: 'tfjs-cpu',
    auto: true,
  },
  {
    name: 'tfjs-cpu',
    // Never the fastest, so auto does not time it: it is the last resort.
    description:
      'the update as TensorFlow.js operations in plain JavaScript: the slowest, and it starts anywhere',
    learner: 'handwritten',
    tfjsBackend: 'cpu',
    fallback: null,
    auto: false,
  },
] as const satisfies readonly EngineSpec[];

type Entry = (typeof ENGINE_TABLE)[number];
export type EngineName = Entry['name'];
/** 'auto': the fastest engine that starts here, timed at the run's network and batch. */
export type EngineChoice = 'auto' | EngineName;

export const ENGINES = Object.fromEntries(ENGINE_TABLE.map((e) => [e.name, e])) as Readonly<
  Record<EngineName, Entry>
>;
export const ENGINE_NAMES: readonly EngineName[] = ENGINE_TABLE.map((e) => e.name);
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', ...ENGINE_NAMES];
export const AUTO_CANDIDATES: readonly EngineName[] = ENGINE_TABLE.filter((e) => e.auto).map((e) => e.name);

/**
 * The engine with no fallback, where every chain ends: auto's last resort, and what a Trainer runs when
 * told no engine (tests, the lesson). It needs nothing loaded first; making its learner does not switch
 * tfjs's backend (starting an engine does, engineChoice.ts), so a Trainer left to it learns on whichever
 * backend is set.
 */
export const DEFAULT_ENGINE: EngineName = ENGINE_TABLE.find((e) => e.fallback === null)!.name;

/** The engine, then each that takes over in turn when the one before cannot start. */
export function fallbackChain(name: EngineName): EngineName[] {
  const chain: EngineName[] = [];
  for (let at: EngineName | null = name; at !== null; at = ENGINES[at].fallback) chain.push(at);
  return chain;
}
