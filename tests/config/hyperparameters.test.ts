import { describe, expect, it } from 'vitest';
import type { LearningSettings } from '../../src/agent/learner';
import { defaultConfig, HYPERPARAMETERS, keysOf, settingsOf, SPECS } from '../../src/config/hyperparameters';
import type { LunarLanderOptions } from '../../src/env/types';
import { PRESETS } from '../../src/config/presets';
import { validateConfig } from '../../src/config/validate';

describe('the hyperparameter table', () => {
  it('has unique keys, a label and help for every entry, and defaults inside their own ranges', () => {
    expect(new Set(HYPERPARAMETERS.map((p) => p.key)).size).toBe(HYPERPARAMETERS.length);
    for (const p of HYPERPARAMETERS) {
      expect(p.label.length, p.key).toBeGreaterThan(0);
      expect(p.help.length, p.key).toBeGreaterThan(20);
      expect(validateConfig({ [p.key]: p.default }).ok, p.key).toBe(true);
    }
  });

  it('marks what a running agent can take live and what needs a new run', () => {
    const live = HYPERPARAMETERS.filter((p) => p.apply === 'live').map((p) => p.key);
    expect(live.sort()).toEqual(
      [
        'batchSize',
        'confirmEpisodes',
        'doubleDqn',
        'epsilonDecay',
        'epsilonMin',
        'epsilonStart',
        'evalEpisodes',
        'evalEvery',
        'gamma',
        'gradClipNorm',
        'hardTargetEvery',
        'learnEvery',
        'learningRate',
        'loss',
        'perAlpha',
        'perBeta',
        'perBetaEpisodes',
        'perEpsilon',
        'stopWhen',
        'tau',
      ].sort(),
    );
  });

  it('says which part of the code takes each setting', () => {
    expect(keysOf('network')).toEqual(['hidden1', 'hidden2', 'dueling']);
    expect(keysOf('replay')).toEqual([
      'replaySize',
      'prioritized',
      'perAlpha',
      'perBeta',
      'perBetaEpisodes',
      'perEpsilon',
    ]);
    expect(keysOf('evaluation')).toEqual(['evalEvery', 'evalEpisodes', 'confirmEpisodes']);
    expect(keysOf('trainer')).toEqual([
      'epsilonStart',
      'epsilonDecay',
      'epsilonMin',
      'batchSize',
      'learnEvery',
      'seed',
      'numEnvs',
      'maxEpisodes',
      'stopWhen',
    ]);
  });

  // Written out so that the compiler fails here when a key is added to the interface and not to the list.
  const LEARNER: Record<keyof LearningSettings, true> = {
    gamma: true,
    learningRate: true,
    tau: true,
    doubleDqn: true,
    loss: true,
    gradClipNorm: true,
    hardTargetEvery: true,
    nStep: true,
  };
  const LANDER: Record<keyof LunarLanderOptions, true> = {
    continuous: true,
    gravity: true,
    enableWind: true,
    windPower: true,
    turbulencePower: true,
    maxEpisodeSteps: true,
    rng: true,
  };

  it('gives the learning engine exactly the keys of LearningSettings', () => {
    expect(keysOf('learner').sort()).toEqual(Object.keys(LEARNER).sort());
  });

  it('gives the lander exactly the options of LunarLanderOptions that the table has', () => {
    const inTable = Object.keys(LANDER).filter((k) => SPECS.has(k));
    expect(keysOf('env').sort()).toEqual(inTable.sort());
  });

  it("picks a subsystem's settings out of a config, or the ones a patch names", () => {
    expect(settingsOf('env', defaultConfig())).toEqual({
      maxEpisodeSteps: 1000,
      gravity: -10,
      enableWind: false,
      windPower: 15,
      turbulencePower: 1.5,
    });
    expect(settingsOf('learner', { learningRate: 3e-4, seed: 2, gravity: -5 })).toEqual({
      learningRate: 3e-4,
    });
  });

  it('defaults to the course lab’s DQN exactly', () => {
    expect(defaultConfig()).toEqual({
      epsilonStart: 1,
      epsilonDecay: 0.995,
      epsilonMin: 0.01,
      gamma: 0.995,
      learningRate: 1e-3,
      tau: 1e-3,
      batchSize: 64,
      learnEvery: 4,
      doubleDqn: false,
      loss: 'mse',
      gradClipNorm: 0,
      hardTargetEvery: 0,
      nStep: 1,
      hidden1: 64,
      hidden2: 64,
      dueling: false,
      replaySize: 100_000,
      prioritized: false,
      perAlpha: 0.6,
      perBeta: 0.4,
      perBetaEpisodes: 500,
      perEpsilon: 1e-3,
      seed: 0,
      numEnvs: 1,
      maxEpisodes: 2000,
      maxEpisodeSteps: 1000,
      gravity: -10,
      enableWind: false,
      windPower: 15,
      turbulencePower: 1.5,
      evalEvery: 25,
      evalEpisodes: 10,
      confirmEpisodes: 200,
      stopWhen: 'proven',
    });
  });
});

/** What rainbow-lite changes from fast, and how its help names each change. */
const RAINBOW_CHANGES: [string, string][] = [
  ['dueling', 'dueling head'],
  ['nStep', '3-step returns'],
  ['prioritized', 'prioritized replay'],
  ['learnEvery', 'every 2 steps'],
  ['tau', 'τ 1e-2'],
];

describe('presets', () => {
  it('lab is the defaults exactly', () => {
    expect(PRESETS.lab.config).toEqual(defaultConfig());
  });

  it('fast is valid, and its help names every setting it changes from the lab', () => {
    expect(validateConfig(PRESETS.fast.config)).toEqual({ ok: true, value: PRESETS.fast.config });
    const lab = defaultConfig() as Record<string, unknown>;
    const fast = PRESETS.fast.config as Record<string, unknown>;
    const changed = Object.keys(lab).filter((k) => lab[k] !== fast[k]);
    expect(changed.sort()).toEqual([
      'doubleDqn',
      'epsilonDecay',
      'learnEvery',
      'learningRate',
      'loss',
      'tau',
    ]);
    for (const named of ['ε decays 0.97', 'Double DQN', 'Huber', '2e-3', 'τ 5e-3', 'every 8 steps']) {
      expect(PRESETS.fast.help).toContain(named);
    }
  });

  it('rainbow-lite is valid, and its help names every setting it changes from fast', () => {
    const preset = PRESETS['rainbow-lite'];
    expect(validateConfig(preset.config)).toEqual({ ok: true, value: preset.config });
    const fast = PRESETS.fast.config as Record<string, unknown>;
    const rainbow = preset.config as Record<string, unknown>;
    const changed = Object.keys(fast).filter((k) => fast[k] !== rainbow[k]);
    expect(changed.sort()).toEqual(RAINBOW_CHANGES.map(([key]) => key).sort());
    for (const [, named] of RAINBOW_CHANGES) expect(preset.help).toContain(named);
  });
});
