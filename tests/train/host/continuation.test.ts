/**
 * Continuing from a loaded model: the settings it trains with (the model's own or the page's, always the
 * model's layer sizes, ε-start at ε's minimum) and the sentence that says which, and that memory is empty.
 */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { continuation } from '../../../src/train/host/continuation';
import type { Continuation } from '../../../src/train/host/continuation';
import { modelSettings } from '../../../src/train/runs/modelSettings';

const SHAPE = { inputs: 8, hidden1: 24, hidden2: 12, actions: 4 };
const PAGE = defaultConfig(); // the lab: MSE, learning rate 1e-3

function model(metadata: Record<string, unknown>, episodes: number | null = 321) {
  return { name: 'fast.json', shape: SHAPE, episodes, settings: modelSettings(metadata, SHAPE) };
}
const trainedFast = model({ config: { ...PRESETS.fast.config, hidden1: 24, hidden2: 12 } });

function planned(...args: Parameters<typeof continuation>): Continuation {
  const result = continuation(...args);
  if (!result.ok) throw new Error(result.errors.map((e) => e.message).join('; '));
  return result.value;
}

describe('continuing from a loaded model', () => {
  it('takes the model’s own settings when asked, with ε starting at its minimum, and says so', () => {
    const { config, message } = planned(trainedFast, 'model', PAGE);
    expect(config).toEqual({
      ...PRESETS.fast.config,
      hidden1: 24,
      hidden2: 12,
      epsilonStart: PRESETS.fast.config.epsilonMin,
    });
    expect(config.loss).toBe('huber');
    expect(message).toBe(
      'Training goes on from fast.json (trained 321 episodes) with its own settings ' +
        '(fast · seed 0 · hidden1 24 · hidden2 12). ' +
        `ε starts at its minimum, ${PRESETS.fast.config.epsilonMin}, and the replay memory starts empty ` +
        '(a model file carries none). Press Start to train.',
    );
  });

  it('takes the page’s settings when asked, with the model’s layer sizes, and says so', () => {
    const { config, message } = planned(trainedFast, 'page', PAGE);
    expect(config).toEqual({ ...PAGE, hidden1: 24, hidden2: 12, epsilonStart: PAGE.epsilonMin });
    expect(message).toMatch(
      /^Training goes on from fast\.json \(trained 321 episodes\) with this page’s settings \(lab · seed 0 · hidden1 24 · hidden2 12\)\. ε starts at its minimum, 0\.01, and the replay memory starts empty/,
    );
  });

  it('says when the model has no usable settings, and takes the page’s', () => {
    const { config, message } = planned(model({ episodes: 5 }, null), 'model', PAGE);
    expect(config.learningRate).toBe(PAGE.learningRate);
    expect(message).toMatch(
      /^fast\.json carries no training settings \(its metadata has no “config”\), so training goes on from it with this page’s settings \(lab · /,
    );
  });

  it('names the settings the model does not carry, taken from the page', () => {
    const { evalEvery, ...older } = { ...PRESETS.fast.config, hidden1: 24, hidden2: 12 };
    void evalEvery;
    const { config, message } = planned(model({ config: older }), 'model', { ...PAGE, evalEvery: 7 });
    expect(config.evalEvery).toBe(7);
    expect(config.loss).toBe('huber');
    expect(message).toContain('It does not carry Evaluate every N episodes: this page’s value is used.');
  });

  it('refuses layer sizes beyond the table’s range, naming the range', () => {
    const huge = { ...trainedFast, shape: { ...SHAPE, hidden1: 600 } };
    const result = continuation(huge, 'page', PAGE);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[0].message).toBe(
      'First hidden layer must be an integer from 4 to 512; got 600',
    );
  });
});
