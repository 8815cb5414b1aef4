import { describe, expect, it } from 'vitest';
import { defaultConfig, SPECS } from '../../src/config/hyperparameters';
import { parseText, validateConfig, validatePatch } from '../../src/config/validate';

const errorsOf = (r: ReturnType<typeof validateConfig | typeof validatePatch>): Record<string, string> =>
  r.ok ? {} : Object.fromEntries(r.errors.map((e) => [e.key, e.message]));

describe('validateConfig', () => {
  it('reports every bad field, each with its reason and allowed range', () => {
    const errors = errorsOf(
      validateConfig({
        learningRate: 5,
        gamma: NaN,
        tau: Infinity,
        seed: -Infinity,
        batchSize: 64.5,
        loss: 'l1',
        doubleDqn: 'yes',
        speed: 3,
        hidden1: '64',
        epsilonMin: null,
      }),
    );
    expect(errors).toEqual({
      learningRate: 'Learning rate must be a number from 0.000001 to 1; got 5',
      gamma: 'Discount γ must be a number from 0 to 0.9999; got NaN',
      tau: 'Target update τ must be a number from 0.00001 to 1; got Infinity',
      seed: 'Seed must be an integer from 0 to 2147483647; got -Infinity',
      batchSize: 'Mini-batch size must be an integer from 1 to 1024; got 64.5',
      loss: 'Loss must be one of mse, huber; got "l1"',
      doubleDqn: 'Double DQN must be true or false; got "yes"',
      speed: 'unknown hyperparameter “speed”',
      hidden1: 'First hidden layer must be an integer from 4 to 512; got "64"',
      epsilonMin: 'Minimum ε must be a number from 0 to 1; got null',
    });
  });

  it('accepts the ends of each range', () => {
    expect(validateConfig({ gamma: 0, learningRate: 1, batchSize: 1024, hidden1: 4 }).ok).toBe(true);
  });

  it('fills the rest from the defaults', () => {
    expect(validateConfig({ gamma: 0.99 })).toEqual({ ok: true, value: { ...defaultConfig(), gamma: 0.99 } });
  });

  it('refuses what is not an object', () => {
    for (const bad of [null, undefined, 3, 'x', [1]]) {
      const r = validateConfig(bad);
      expect(r.ok).toBe(false);
      expect(errorsOf(r)['']).toMatch(/expected an object of hyperparameters/);
    }
  });
});

describe('validatePatch (live changes)', () => {
  it('accepts live hyperparameters', () => {
    expect(validatePatch({ learningRate: 3e-4, epsilonStart: 0.2, doubleDqn: true })).toEqual({
      ok: true,
      value: { learningRate: 3e-4, epsilonStart: 0.2, doubleDqn: true },
    });
  });

  it('refuses the whole patch if one field is bad or needs a restart, naming each', () => {
    const r = validatePatch({ learningRate: 3e-4, hidden1: 128, seed: 2, gamma: 2 });
    expect(r.ok).toBe(false);
    const errors = errorsOf(r);
    expect(Object.keys(errors).sort()).toEqual(['gamma', 'hidden1', 'seed']);
    expect(errors.hidden1).toBe('First hidden layer only takes effect in a new run: reset to change it');
    expect(errors.gamma).toMatch(/from 0 to 0.9999; got 2/);
  });

  it('reports a bad value of a restart-only key as bad, not as needing a restart', () => {
    expect(errorsOf(validatePatch({ hidden1: 2 })).hidden1).toMatch(/from 4 to 512; got 2/);
  });
});

describe('messages stay short whatever the input (found by tests/fuzz)', () => {
  it('shows a nested object or a huge array in a few dozen characters', () => {
    const big = { a: { b: Array.from({ length: 1000 }, (_, i) => i) } };
    const message = errorsOf(validatePatch({ gamma: big, epsilonStart: new Array(5000).fill(1) }));
    expect(message.gamma).toMatch(
      /^Discount γ must be a number from 0 to 0.9999; got \{"a":\{"b":\[0,1,2,.{20,60}…$/,
    );
    expect(message.epsilonStart.length).toBeLessThan(150);
  });

  it('names an unknown key by its first 40 characters', () => {
    const key = 'k'.repeat(10_000);
    expect(errorsOf(validatePatch({ [key]: 1 }))[key]).toBe(`unknown hyperparameter “${'k'.repeat(40)}”`);
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
    expect(parseText(SPECS.get('doubleDqn')!, '0')).toEqual({ value: false });
    expect(parseText(SPECS.get('loss')!, 'huber')).toEqual({ value: 'huber' });
    expect(parseText(SPECS.get('gravity')!, '-9.81')).toEqual({ value: -9.81 });
  });
});
