/** Pacing: which steps fall due at a speed, how long to wait for the next, and going on after a stall. */
import { describe, expect, it } from 'vitest';
import { Pacer, SLICE_MS } from '../../../src/train/host/pacer';

function clock() {
  const c = { time: 1000, now: () => c.time };
  return c;
}

describe('the pacer', () => {
  it('at real time has the first step due at once, then one every 20 ms', () => {
    const c = clock();
    const pacer = new Pacer(c.now);
    pacer.restart();
    expect(pacer.startSlice(50)).toBe(1);
    pacer.took(1);
    expect(pacer.wait(50)).toBe(20);
    c.time += 5;
    expect(pacer.startSlice(50)).toBe(0);
    expect(pacer.wait(50)).toBe(15);
    c.time += 55;
    expect(pacer.startSlice(50)).toBe(3);
    pacer.took(3);
    expect(pacer.wait(50)).toBe(20);
  });

  it('counts from a restart, forgetting the steps before it', () => {
    const c = clock();
    const pacer = new Pacer(c.now);
    pacer.restart();
    pacer.took(pacer.startSlice(50));
    c.time += 500;
    pacer.restart();
    expect(pacer.startSlice(50)).toBe(1);
  });

  it('after a stall of more than a second of steps goes on from now instead of catching up', () => {
    const c = clock();
    const pacer = new Pacer(c.now);
    pacer.restart();
    pacer.took(pacer.startSlice(50));
    c.time += 1030; // 51 steps due: more than one second's worth
    expect(pacer.startSlice(50)).toBe(1);
    pacer.took(1);
    expect(pacer.wait(50)).toBe(20);
    c.time += 1000; // 50 due: one second's worth is still paced
    expect(pacer.startSlice(50)).toBe(50);
  });

  it('at full speed has every step due and no wait', () => {
    const c = clock();
    const pacer = new Pacer(c.now);
    pacer.restart();
    expect(pacer.startSlice(Infinity)).toBe(Infinity);
    pacer.took(5000);
    expect(pacer.wait(Infinity)).toBe(0);
  });

  it('ends a slice once it has run longer than SLICE_MS', () => {
    const c = clock();
    const pacer = new Pacer(c.now);
    pacer.startSlice(Infinity);
    c.time += SLICE_MS;
    expect(pacer.sliceOver()).toBe(false);
    c.time += 0.5;
    expect(pacer.sliceOver()).toBe(true);
  });
});
