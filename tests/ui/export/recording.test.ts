/** A recording's file name says the model, the seed and the return (rounded; a minus sign spelt out). */
import { describe, expect, it } from 'vitest';
import { flightFileName } from '../../../src/ui/export/recording';

describe('a recorded flight’s file name', () => {
  it('names the model, the seed and the rounded return', () => {
    expect(flightFileName({ source: 'best', seed: 123, return: 241.4 })).toBe(
      'lunar-lander-best-seed-123-return-241',
    );
    expect(flightFileName({ source: 'loaded', seed: 0, return: -87.6 })).toBe(
      'lunar-lander-loaded-seed-0-return-minus-88',
    );
    expect(flightFileName({ source: 'current', seed: 5, return: -0.2 })).toBe(
      'lunar-lander-current-seed-5-return-0',
    );
  });
});
