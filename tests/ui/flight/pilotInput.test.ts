/** Keys and engine buttons make one pilot: either fires an engine, and they add up as the keys alone do. */
import { describe, expect, it } from 'vitest';
import { actionFromControls } from '../../../src/ui/flight/pilotInput';
import type { Engine } from '../../../src/ui/flight/pilotInput';

const keys = (...held: string[]) => new Set(held);
const buttons = (...held: Engine[]) => new Set<Engine>(held);

describe('the discrete lander', () => {
  it.each([
    [keys(), buttons(), 0],
    [keys('ArrowLeft'), buttons(), 1],
    [keys(), buttons('left'), 1],
    [keys('w'), buttons(), 2],
    [keys(), buttons('main'), 2],
    [keys(), buttons('right'), 3],
    [keys('d'), buttons(), 3],
    // One engine at a time: the main engine wins, and left with right cancel out.
    [keys('ArrowLeft'), buttons('main'), 2],
    [keys('ArrowLeft'), buttons('right'), 0],
  ])('keys %j and buttons %j fly action %d', (k, b, action) => {
    expect(actionFromControls(k, b, false)).toBe(action);
  });
});

describe('the continuous lander', () => {
  it('fires the main engine and a side engine together, from keys and buttons at once', () => {
    expect(actionFromControls(keys('ArrowUp'), buttons('left'), true)).toEqual([1, -1]);
    expect(actionFromControls(keys(), buttons('right'), true)).toEqual([-1, 1]);
    expect(actionFromControls(keys(), buttons(), true)).toEqual([-1, 0]);
  });
});
