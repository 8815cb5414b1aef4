import { describe, expect, it } from 'vitest';
import { flagName, parseFlags } from '../../src/config/cliFlags';
import { defaultConfig, HYPERPARAMETERS } from '../../src/config/hyperparameters';
import { PRESETS } from '../../src/config/presets';
import { fromSearchParams, toSearchParams } from '../../src/config/urlState';
import { parseText, validateConfig, validatePatch } from '../../src/config/validate';
import { SPECS } from '../../src/config/hyperparameters';

describe('the hyperparameter table', () => {
  it('has unique keys, help for every entry, and defaults inside their own ranges', () => {
    expect(new Set(HYPERPARAMETERS.map((p) => p.key)).size).toBe(HYPERPARAMETERS.length);
    for (const p of HYPERPARAMETERS) {
      expect(p.help.length, p.key).toBeGreaterThan(20);
      expect(validateConfig({ [p.key]: p.default }).ok, p.key).toBe(true);
    }
  });

  it('defaults to the course lab’s DQN exactly', () => {
    expect(PRESETS.lab.config).toEqual(defaultConfig());
    expect(defaultConfig()).toMatchObject({
      hidden1: 64,
      hidden2: 64,
      learningRate: 1e-3,
      gamma: 0.995,
      replaySize: 100_000,
      batchSize: 64,
      learnEvery: 4,
      tau: 1e-3,
      epsilonStart: 1,
      epsilonDecay: 0.995,
      epsilonMin: 0.01,
      maxEpisodes: 2000,
      maxEpisodeSteps: 1000,
      doubleDqn: false,
      loss: 'mse',
    });
  });
});

describe('validateConfig', () => {
  it('reports every bad field with what is allowed', () => {
    const r = validateConfig({
      learningRate: 5,
      gamma: NaN,
      batchSize: 64.5,
      loss: 'l1',
      doubleDqn: 'yes',
      speed: 3,
      hidden1: '64',
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const byKey = Object.fromEntries(r.errors.map((e) => [e.key, e.message]));
    expect(Object.keys(byKey).sort()).toEqual(
      ['batchSize', 'doubleDqn', 'gamma', 'hidden1', 'learningRate', 'loss', 'speed'].sort(),
    );
    expect(byKey.learningRate).toBe(
      'Learning rate must be a number from 0.000001 to 1; got 5'.replace('0.000001', '0.000001'),
    );
    expect(byKey.gamma).toMatch(/Discount γ must be a number from 0 to 0.9999; got NaN/);
    expect(byKey.batchSize).toMatch(/an integer from 1 to 1024; got 64.5/);
    expect(byKey.loss).toMatch(/one of mse, huber; got "l1"/);
    expect(byKey.doubleDqn).toMatch(/true or false/);
    expect(byKey.speed).toMatch(/unknown hyperparameter “speed”/);
    expect(byKey.hidden1).toMatch(/got "64"/);
  });

  it('fills the rest from the defaults', () => {
    const r = validateConfig({ gamma: 0.99 });
    expect(r.ok && r.value).toEqual({ ...defaultConfig(), gamma: 0.99 });
  });

  it('refuses what is not an object', () => {
    for (const bad of [null, 3, 'x', [1]]) expect(validateConfig(bad).ok).toBe(false);
  });
});

describe('validatePatch (live changes)', () => {
  it('accepts live hyperparameters', () => {
    expect(validatePatch({ learningRate: 3e-4, epsilonStart: 0.2, doubleDqn: true })).toEqual({
      ok: true,
      value: { learningRate: 3e-4, epsilonStart: 0.2, doubleDqn: true },
    });
  });

  it('refuses the whole patch if one field is bad or needs a restart', () => {
    const r = validatePatch({ learningRate: 3e-4, hidden1: 128, gamma: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map((e) => e.key).sort()).toEqual(['gamma', 'hidden1']);
      expect(r.errors.find((e) => e.key === 'hidden1')!.message).toMatch(/new run/);
    }
  });
});

describe('text values (URL, flags, number fields)', () => {
  const lr = SPECS.get('learningRate')!;
  it.each([
    ['empty', '', /got nothing/],
    ['negative', '-1', /got -1/],
    ['overflowing', '1e400', /got Infinity/],
    ['letters', 'abc', /got "abc"/],
    ['10 kB', '9'.repeat(10_000), /too long/],
  ])('refuses a %s value', (_, text, why) => {
    const r = parseText(lr, text);
    expect('error' in r && r.error).toMatch(why);
  });

  it('reads numbers, booleans and choices', () => {
    expect(parseText(lr, ' 3e-4 ')).toEqual({ value: 3e-4 });
    expect(parseText(SPECS.get('doubleDqn')!, 'true')).toEqual({ value: true });
    expect(parseText(SPECS.get('loss')!, 'huber')).toEqual({ value: 'huber' });
  });
});

describe('URL state', () => {
  it('round-trips a configuration, writing only what differs from the defaults', () => {
    const config = { ...PRESETS.fast.config, seed: 7, enableWind: true };
    const params = toSearchParams(config);
    expect(params.has('gamma')).toBe(false);
    expect(params.get('seed')).toBe('7');
    const back = fromSearchParams(new URLSearchParams(params.toString()));
    expect(back).toEqual({ ok: true, value: config });
  });

  it('names unknown keys and bad values instead of dropping them', () => {
    const r = fromSearchParams(new URLSearchParams('gamma=2&colour=red&learningRate=fast&seed=1'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.key).sort()).toEqual(['colour', 'gamma', 'learningRate']);
  });

  it('can leave keys that belong to the page alone', () => {
    expect(fromSearchParams(new URLSearchParams('preset=fast&seed=3'), ['preset'])).toEqual({
      ok: true,
      value: { ...defaultConfig(), seed: 3 },
    });
  });
});

describe('command-line flags', () => {
  it('parses every hyperparameter as a kebab-case flag, in both spellings', () => {
    expect(flagName('learningRate')).toBe('--learning-rate');
    const r = parseFlags([
      '--learning-rate',
      '3e-4',
      '--gamma=0.99',
      '--double-dqn',
      '--no-enable-wind',
      '--seed',
      '4',
    ]);
    expect(r).toEqual({
      ok: true,
      value: {
        config: { learningRate: 3e-4, gamma: 0.99, doubleDqn: true, enableWind: false, seed: 4 },
        other: {},
      },
    });
  });

  it('passes the program’s own flags through', () => {
    const r = parseFlags(['--preset', 'fast', '--json', '--tau', '0.01'], {
      '--preset': 'value',
      '--json': 'switch',
    });
    expect(r.ok && r.value).toEqual({ config: { tau: 0.01 }, other: { '--preset': 'fast', '--json': true } });
  });

  it('names a bad flag and its range', () => {
    const r = parseFlags(['--learning-rate', '7', '--speed', '2', '--batch-size']);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      const messages = r.errors.map((e) => e.message).join('\n');
      expect(messages).toMatch(/--learning-rate: Learning rate must be a number from 0.000001 to 1; got 7/);
      expect(messages).toMatch(/unknown flag --speed/);
      expect(messages).toMatch(/--batch-size needs a value: an integer from 1 to 1024/);
    }
  });
});
