import { describe, expect, it } from 'vitest';
import { markPreset, markSetting, markSolved } from '../../../src/ui/playground/chartMarks';
import type { Mark } from '../../../src/ui/playground/chartMarks';

describe('marks on the training curves', () => {
  it('label a live change with the setting and its value to three figures', () => {
    expect(markSetting([], 12, 'learningRate', 'Learning rate', 0.000123456)).toEqual([
      { episode: 12, key: 'learningRate', label: 'Learning rate 0.000123' },
    ]);
    expect(markSetting([], 3, 'doubleDqn', 'Double DQN', true)[0].label).toBe('Double DQN true');
  });

  it('keep one mark for a slider dragged within an episode, and every change across episodes', () => {
    let marks: Mark[] = [];
    for (const gamma of [0.9, 0.95, 0.99]) marks = markSetting(marks, 5, 'gamma', 'Discount γ', gamma);
    expect(marks).toEqual([{ episode: 5, key: 'gamma', label: 'Discount γ 0.99' }]);
    marks = markSetting(marks, 5, 'tau', 'Target update τ', 0.01);
    marks = markSetting(marks, 5, 'gamma', 'Discount γ', 0.9);
    marks = markSetting(marks, 6, 'gamma', 'Discount γ', 0.95);
    expect(marks.map((m) => m.label)).toEqual([
      'Discount γ 0.99',
      'Target update τ 0.01',
      'Discount γ 0.9',
      'Discount γ 0.95',
    ]);
  });

  it('add presets and the solved episode without touching the marks before', () => {
    const before: Mark[] = [{ episode: 1, key: 'gamma', label: 'Discount γ 0.9' }];
    const after = markSolved(markPreset(before, 1, 'fast'), 40);
    expect(after).toEqual([
      ...before,
      { episode: 1, label: 'preset fast' },
      { episode: 40, label: 'solved' },
    ]);
    expect(before).toHaveLength(1);
    // A setting changed after a preset in the same episode is a mark of its own.
    expect(markSetting(markPreset([], 2, 'fast'), 2, 'gamma', 'Discount γ', 0.9)).toHaveLength(2);
  });
});
