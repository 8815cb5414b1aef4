import { describe, expect, it } from 'vitest';
import { flagHelp, flagName, parseFlags } from '../../src/config/cliFlags';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';

const messages = (r: ReturnType<typeof parseFlags>) => (r.ok ? [] : r.errors.map((e) => e.message));

describe('command-line flags', () => {
  it('names every hyperparameter as a kebab-case flag', () => {
    expect(flagName('learningRate')).toBe('--learning-rate');
    expect(flagName('hardTargetEvery')).toBe('--hard-target-every');
    const help = flagHelp();
    for (const p of HYPERPARAMETERS) expect(help).toContain(flagName(p.key));
  });

  it('reads `--flag value` and `--flag=value`, switches and their --no- forms', () => {
    const r = parseFlags([
      '--learning-rate',
      '3e-4',
      '--gamma=0.99',
      '--double-dqn',
      '--no-enable-wind',
      '--gravity',
      '-5',
      '--loss=huber',
      '--seed',
      '4',
    ]);
    expect(r).toEqual({
      ok: true,
      value: {
        config: {
          learningRate: 3e-4,
          gamma: 0.99,
          doubleDqn: true,
          enableWind: false,
          gravity: -5,
          loss: 'huber',
          seed: 4,
        },
        other: {},
      },
    });
    expect(parseFlags(['--no-double-dqn'])).toMatchObject({
      ok: true,
      value: { config: { doubleDqn: false } },
    });
    expect(parseFlags(['--double-dqn=false'])).toMatchObject({
      ok: true,
      value: { config: { doubleDqn: false } },
    });
  });

  it('passes the program’s own flags through', () => {
    const r = parseFlags(['--preset', 'fast', '--json', '--tau', '0.01'], {
      '--preset': 'value',
      '--json': 'switch',
    });
    expect(r.ok && r.value).toEqual({ config: { tau: 0.01 }, other: { '--preset': 'fast', '--json': true } });
  });

  it('names each bad flag and its allowed range', () => {
    const r = parseFlags([
      '--learning-rate',
      '7',
      '--speed',
      '2',
      '--loss',
      'l1',
      '--no-gamma',
      '--batch-size',
    ]);
    expect(messages(r)).toEqual([
      '--learning-rate: Learning rate must be a number from 0.000001 to 1; got 7',
      'unknown flag --speed',
      'unexpected argument “2”: flags start with --',
      '--loss: Loss must be one of mse, huber; got "l1"',
      'unknown flag --no-gamma',
      '--batch-size needs a value: an integer from 1 to 1024',
    ]);
  });

  it('does not mistake inherited object keys for the program’s flags', () => {
    expect(messages(parseFlags(['constructor']))).toEqual([
      'unexpected argument “constructor”: flags start with --',
    ]);
  });
});
