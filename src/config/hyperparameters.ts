/**
 * Every hyperparameter of Lander Lab, in one declarative table. Sliders, validation, the URL, command-line
 * flags and saved run metadata all come from it, and so do the settings each part of the code is handed
 * (`appliesTo`): adding a hyperparameter is adding one entry here.
 * Defaults are the course lab's DQN exactly (shared/reference/DQN-LAB.md); what the lab has not (evaluations,
 * their confirmation, stopping once proven) leaves its training untouched.
 *
 * One file over 400 lines because it is one table: split by group, the single list that everything is
 * derived from would be several, which is what it exists to prevent.
 */

export type Group = 'exploration' | 'learning' | 'network' | 'memory' | 'environment' | 'run';

/**
 * The part of the code that takes a setting, which need not be the group the page shows it in: the
 * learning engine's update (agent/learner.ts's LearningSettings), the network's layer sizes, the replay
 * memory, the lander itself (env/types.ts's LunarLanderOptions), the training loop, or its greedy
 * evaluations.
 */
export type Subsystem = 'learner' | 'network' | 'replay' | 'env' | 'trainer' | 'evaluation';

interface Common {
  key: string;
  /** A few characters for run names and table headers (the label when absent). */
  short?: string;
  label: string;
  /** One sentence a learner understands. */
  help: string;
  /** 'live' changes act on the running agent; 'restart' ones need a new run. */
  apply: 'live' | 'restart';
  group: Group;
  appliesTo: Subsystem;
}
export interface NumberSpec extends Common {
  kind: 'number' | 'integer';
  default: number;
  min: number;
  max: number;
  step: number;
  scale: 'linear' | 'log';
  /**
   * A setting the run moves on by itself (ε shrinks every episode): while a run trains, its control shows
   * the run's current value, which the session reports under this name, because that is what a change
   * sets; before the run, it shows where the run will start.
   */
  current?: 'epsilon';
}
export interface BooleanSpec extends Common {
  kind: 'boolean';
  default: boolean;
}
export interface ChoiceSpec extends Common {
  kind: 'choice';
  default: string;
  options: readonly string[];
}
export type ParamSpec = NumberSpec | BooleanSpec | ChoiceSpec;

export const HYPERPARAMETERS = [
  // Exploration
  {
    key: 'epsilonStart',
    short: 'ε start',
    label: 'Exploration ε',
    help: 'Chance of trying a random action instead of the best-looking one; a run starts here and it shrinks every episode; a change while it trains sets ε from then on.',
    kind: 'number',
    default: 1.0,
    min: 0,
    max: 1,
    step: 0.01,
    scale: 'linear',
    apply: 'live',
    group: 'exploration',
    appliesTo: 'trainer',
    current: 'epsilon',
  },
  {
    key: 'epsilonDecay',
    short: 'ε decay',
    label: 'ε decay per episode',
    help: 'After each episode ε is multiplied by this, so the agent explores less as it learns.',
    kind: 'number',
    default: 0.995,
    min: 0.9,
    max: 1,
    step: 0.001,
    scale: 'linear',
    apply: 'live',
    group: 'exploration',
    appliesTo: 'trainer',
  },
  {
    key: 'epsilonMin',
    short: 'ε min',
    label: 'Minimum ε',
    help: 'ε never decays below this, so the agent always keeps exploring a little.',
    kind: 'number',
    default: 0.01,
    min: 0,
    max: 1,
    step: 0.01,
    scale: 'linear',
    apply: 'live',
    group: 'exploration',
    appliesTo: 'trainer',
  },
  // Learning
  {
    key: 'gamma',
    short: 'γ',
    label: 'Discount γ',
    help: 'How much a reward one step later counts compared with a reward now (near 1: plan far ahead).',
    kind: 'number',
    default: 0.995,
    min: 0,
    max: 0.9999,
    step: 0.0001,
    scale: 'linear',
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'learningRate',
    short: 'lr',
    label: 'Learning rate',
    help: 'Size of each step of the Q-network’s weights toward the Bellman targets (Adam’s α).',
    kind: 'number',
    default: 1e-3,
    min: 1e-6,
    max: 1,
    step: 1e-6,
    scale: 'log',
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'tau',
    short: 'τ',
    label: 'Target update τ',
    help: 'Soft update: after each learning step the target network moves this fraction toward the Q-network.',
    kind: 'number',
    default: 1e-3,
    min: 1e-5,
    max: 1,
    step: 1e-5,
    scale: 'log',
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'batchSize',
    short: 'batch',
    label: 'Mini-batch size',
    help: 'How many remembered transitions each learning step samples from the replay memory.',
    kind: 'integer',
    default: 64,
    min: 1,
    max: 1024,
    step: 1,
    scale: 'log',
    apply: 'live',
    group: 'learning',
    appliesTo: 'trainer',
  },
  {
    key: 'learnEvery',
    short: 'learn every',
    label: 'Learn every N steps',
    help: 'The agent takes a learning step after every N environment steps (the lab uses 4).',
    kind: 'integer',
    default: 4,
    min: 1,
    max: 100,
    step: 1,
    scale: 'linear',
    apply: 'live',
    group: 'learning',
    appliesTo: 'trainer',
  },
  {
    key: 'doubleDqn',
    short: 'double DQN',
    label: 'Double DQN',
    help: 'Pick the next action with the Q-network but value it with the target network, which curbs overestimation.',
    kind: 'boolean',
    default: false,
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'loss',
    short: 'loss',
    label: 'Loss',
    help: 'Mean squared error (the lab) or Huber, which grows only linearly for large errors and so steadies learning.',
    kind: 'choice',
    default: 'mse',
    options: ['mse', 'huber'],
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'gradClipNorm',
    short: 'clip',
    label: 'Gradient clipping',
    help: 'If above 0, gradients whose overall length exceeds this are scaled down to it (0 = off).',
    kind: 'number',
    default: 0,
    min: 0,
    max: 100,
    step: 0.1,
    scale: 'linear',
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'hardTargetEvery',
    short: 'hard target every',
    label: 'Hard target update every',
    help: 'If above 0, copy the Q-network into the target network every N learning steps instead of soft updates.',
    kind: 'integer',
    default: 0,
    min: 0,
    max: 100_000,
    step: 1,
    scale: 'linear',
    apply: 'live',
    group: 'learning',
    appliesTo: 'learner',
  },
  {
    key: 'nStep',
    short: 'n-step',
    label: 'n-step returns',
    help:
      'Learn from n steps of real rewards before trusting the target network’s estimate: y = r_t + γr_t+1 + … ' +
      '+ γⁿ·max Q̂(s_t+n), the sum stopping at an episode’s end as the lab’s target does. Rewards reach ' +
      'earlier states n times faster, at the price of some noise from exploring (1 = the lab); the sums ' +
      'use γ as it was when each step was stored.',
    kind: 'integer',
    default: 1,
    min: 1,
    max: 10,
    step: 1,
    scale: 'linear',
    apply: 'restart',
    group: 'learning',
    appliesTo: 'learner',
  },
  // Network
  {
    key: 'hidden1',
    short: 'hidden1',
    label: 'First hidden layer',
    help: 'Number of ReLU units in the Q-network’s first hidden layer.',
    kind: 'integer',
    default: 64,
    min: 4,
    max: 512,
    step: 1,
    scale: 'log',
    apply: 'restart',
    group: 'network',
    appliesTo: 'network',
  },
  {
    key: 'hidden2',
    short: 'hidden2',
    label: 'Second hidden layer',
    help: 'Number of ReLU units in the Q-network’s second hidden layer.',
    kind: 'integer',
    default: 64,
    min: 4,
    max: 512,
    step: 1,
    scale: 'log',
    apply: 'restart',
    group: 'network',
    appliesTo: 'network',
  },
  {
    key: 'dueling',
    short: 'dueling',
    label: 'Dueling heads',
    help:
      'Split the last layer into a state value V(s) and advantages A(s, a), Q = V + A − mean A, so that ' +
      'learning what a state is worth no longer waits for every action to be tried there. Linear, so a saved ' +
      'model folds it into a plain last layer that any reader loads.',
    kind: 'boolean',
    default: false,
    apply: 'restart',
    group: 'network',
    appliesTo: 'network',
  },
  // Memory
  {
    key: 'replaySize',
    short: 'replay',
    label: 'Replay memory',
    help: 'How many recent transitions the agent remembers to learn from; the oldest are forgotten first.',
    kind: 'integer',
    default: 100_000,
    min: 1_000,
    max: 1_000_000,
    step: 1_000,
    scale: 'log',
    apply: 'restart',
    group: 'memory',
    appliesTo: 'replay',
  },
  {
    key: 'prioritized',
    short: 'PER',
    label: 'Prioritized replay',
    help:
      'Replay the transitions the network predicts worst more often (chance ∝ (|TD error| + ε)^α, new ones ' +
      'first), correcting the bias with importance weights; learning goes where the surprises are instead ' +
      'of on the many transitions already learned.',
    kind: 'boolean',
    default: false,
    apply: 'restart',
    group: 'memory',
    appliesTo: 'replay',
  },
  {
    key: 'perAlpha',
    short: 'PER α',
    label: 'Priority exponent α',
    help: 'How strongly priorities skew sampling with prioritized replay: 0 is uniform, 1 fully by TD error.',
    kind: 'number',
    default: 0.6,
    min: 0,
    max: 1,
    step: 0.05,
    scale: 'linear',
    apply: 'live',
    group: 'memory',
    appliesTo: 'replay',
  },
  {
    key: 'perBeta',
    short: 'PER β',
    label: 'Importance weight β',
    help:
      'How much of prioritized sampling’s bias the importance weights undo at the start (1: all); it grows ' +
      'to 1 over the episodes below, as the estimates must be unbiased by the end.',
    kind: 'number',
    default: 0.4,
    min: 0,
    max: 1,
    step: 0.05,
    scale: 'linear',
    apply: 'live',
    group: 'memory',
    appliesTo: 'replay',
  },
  {
    key: 'perBetaEpisodes',
    short: 'PER β episodes',
    label: 'β reaches 1 after',
    help: 'Episodes over which prioritized replay’s β grows in a straight line from its start to 1.',
    kind: 'integer',
    default: 500,
    min: 1,
    max: 10_000,
    step: 1,
    scale: 'log',
    apply: 'live',
    group: 'memory',
    appliesTo: 'replay',
  },
  {
    key: 'perEpsilon',
    short: 'PER ε',
    label: 'Priority floor ε',
    help: 'Added to each |TD error| so that no transition’s chance of being replayed falls to zero.',
    kind: 'number',
    default: 1e-3,
    min: 1e-6,
    max: 1,
    step: 1e-6,
    scale: 'log',
    apply: 'live',
    group: 'memory',
    appliesTo: 'replay',
  },
  // Run
  {
    key: 'seed',
    short: 'seed',
    label: 'Seed',
    help: 'Starting point of every random draw: the same seed reproduces the same run.',
    kind: 'integer',
    default: 0,
    min: 0,
    max: 2 ** 31 - 1,
    step: 1,
    scale: 'linear',
    apply: 'restart',
    group: 'run',
    appliesTo: 'trainer',
  },
  {
    key: 'numEnvs',
    short: 'landers',
    label: 'Parallel landers',
    help: 'How many landers fly at once, feeding one shared replay memory.',
    kind: 'integer',
    default: 1,
    min: 1,
    max: 64,
    step: 1,
    scale: 'linear',
    apply: 'restart',
    group: 'run',
    appliesTo: 'trainer',
  },
  {
    key: 'maxEpisodes',
    short: 'episodes',
    label: 'Episodes',
    help: 'Training stops after this many episodes at most, sooner where Stop when says.',
    kind: 'integer',
    default: 2000,
    min: 1,
    max: 1_000_000,
    step: 1,
    scale: 'log',
    apply: 'restart',
    group: 'run',
    appliesTo: 'trainer',
  },
  {
    key: 'maxEpisodeSteps',
    short: 'steps',
    label: 'Steps per episode',
    help: 'An episode is cut off after this many steps (Gymnasium’s time limit is 1000).',
    kind: 'integer',
    default: 1000,
    min: 1,
    max: 10_000,
    step: 1,
    scale: 'linear',
    apply: 'restart',
    group: 'run',
    appliesTo: 'env',
  },
  {
    key: 'evalEvery',
    label: 'Evaluate every N episodes',
    help:
      'After every N training episodes the greedy policy (ε = 0) flies the evaluation episodes on its own ' +
      'lander, beside training and leaving it untouched (one at a time: one due while another flies ' +
      'begins when that one is applied); the best one is kept as the best model (0 = never).',
    kind: 'integer',
    default: 25,
    min: 0,
    max: 1000,
    step: 1,
    scale: 'linear',
    apply: 'live',
    group: 'run',
    appliesTo: 'evaluation',
  },
  {
    key: 'evalEpisodes',
    label: 'Evaluation episodes',
    help:
      'Greedy episodes per evaluation, on the same fixed moons every time (seeds 2^31 + 64 onwards, ' +
      'which no training env ever starts from), so that evaluations compare.',
    kind: 'integer',
    default: 10,
    min: 1,
    max: 1000,
    step: 1,
    scale: 'log',
    apply: 'live',
    group: 'run',
    appliesTo: 'evaluation',
  },
  {
    key: 'confirmEpisodes',
    short: 'confirm',
    label: 'Confirmation episodes',
    help:
      'An evaluation whose mean beats the best model’s confirmed mean is flown again on this many other ' +
      'moons (seeds 2^31 + 2^20 onwards, which neither training, the evaluations nor npm run eval fly) ' +
      'before it may become the best model; the best is the one with the highest confirmed mean. It ends ' +
      'early once 90% landed is out of reach. 200, because on 100 a model that cleared the proven bar ' +
      '(90% landed) could land 84% of other moons.',
    kind: 'integer',
    default: 200,
    min: 1,
    max: 1000,
    step: 1,
    scale: 'log',
    apply: 'live',
    group: 'run',
    appliesTo: 'evaluation',
  },
  {
    key: 'stopWhen',
    short: 'stop when',
    label: 'Stop when',
    help:
      'solved: when the course’s rule is met; proven: when it is met and a confirmed greedy evaluation ' +
      'has a mean of 200 or more with 90% of its moons landed; budget: only after the episodes above.',
    kind: 'choice',
    default: 'proven',
    options: ['solved', 'proven', 'budget'],
    apply: 'live',
    group: 'run',
    appliesTo: 'trainer',
  },
  // Environment
  {
    key: 'gravity',
    short: 'g',
    label: 'Gravity',
    help: 'Downward acceleration of the moon in m/s² (Gymnasium allows −12 to 0, default −10).',
    kind: 'number',
    default: -10,
    min: -11.99,
    max: -0.01,
    step: 0.01,
    scale: 'linear',
    apply: 'restart',
    group: 'environment',
    appliesTo: 'env',
  },
  {
    key: 'enableWind',
    short: 'wind',
    label: 'Wind',
    help: 'Blow the lander about with Gymnasium’s wind and turbulence.',
    kind: 'boolean',
    default: false,
    apply: 'restart',
    group: 'environment',
    appliesTo: 'env',
  },
  {
    key: 'windPower',
    short: 'wind power',
    label: 'Wind power',
    help: 'Strongest sideways wind force when wind is on.',
    kind: 'number',
    default: 15,
    min: 0,
    max: 20,
    step: 0.1,
    scale: 'linear',
    apply: 'restart',
    group: 'environment',
    appliesTo: 'env',
  },
  {
    key: 'turbulencePower',
    short: 'turbulence',
    label: 'Turbulence power',
    help: 'Strongest twisting torque when wind is on.',
    kind: 'number',
    default: 1.5,
    min: 0,
    max: 2,
    step: 0.01,
    scale: 'linear',
    apply: 'restart',
    group: 'environment',
    appliesTo: 'env',
  },
] as const satisfies readonly ParamSpec[];

type Table = typeof HYPERPARAMETERS;
type Entry = Table[number];
type ValueOf<E> = E extends { kind: 'boolean' }
  ? boolean
  : E extends { kind: 'choice'; options: readonly (infer O)[] }
    ? O
    : number;

export type Key = Entry['key'];
export type Config = { [E in Entry as E['key']]: ValueOf<E> };

/** The keys of the settings that `subsystem` takes. */
export type KeyOf<S extends Subsystem> = Extract<Entry, { appliesTo: S }>['key'];

export function keysOf<S extends Subsystem>(subsystem: S): KeyOf<S>[] {
  return HYPERPARAMETERS.filter((p) => p.appliesTo === subsystem).map((p) => p.key as KeyOf<S>);
}

/** The settings in `config` (a whole config, or a patch naming some) that `subsystem` takes. */
export function settingsOf<S extends Subsystem, C extends Partial<Config>>(
  subsystem: S,
  config: C,
): Pick<C, KeyOf<S> & keyof C> {
  return Object.fromEntries(
    keysOf(subsystem)
      .filter((k) => config[k] !== undefined)
      .map((k) => [k, config[k]]),
  ) as never;
}

export const SPECS: ReadonlyMap<string, ParamSpec> = new Map(HYPERPARAMETERS.map((p) => [p.key, p]));

export function defaultConfig(): Config {
  return Object.fromEntries(HYPERPARAMETERS.map((p) => [p.key, p.default])) as Config;
}
