/** The rollback checkpoint's timing: after CHECKPOINT_EVERY more episodes, at most once per CHECKPOINT_MIN_MS. */
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_EVERY,
  CHECKPOINT_MIN_MS,
  RollbackSchedule,
} from '../../../src/train/host/rollbackSchedule';

describe('rollback schedule', () => {
  it('is first due CHECKPOINT_EVERY episodes into a run, whatever the time', () => {
    const schedule = new RollbackSchedule(() => 0);
    expect(schedule.due(CHECKPOINT_EVERY - 1)).toBe(false);
    expect(schedule.due(CHECKPOINT_EVERY)).toBe(true);
  });

  it('then waits for both CHECKPOINT_EVERY more episodes and CHECKPOINT_MIN_MS', () => {
    let time = 0;
    const schedule = new RollbackSchedule(() => time);
    schedule.kept(25);
    expect(schedule.due(25 + CHECKPOINT_EVERY)).toBe(false);
    time = CHECKPOINT_MIN_MS - 1;
    expect(schedule.due(25 + CHECKPOINT_EVERY)).toBe(false);
    time = CHECKPOINT_MIN_MS;
    expect(schedule.due(25 + CHECKPOINT_EVERY - 1)).toBe(false);
    expect(schedule.due(25 + CHECKPOINT_EVERY)).toBe(true);
  });

  it('counts from where a resumed run stands', () => {
    const schedule = new RollbackSchedule(() => 0, 300);
    expect(schedule.due(300 + CHECKPOINT_EVERY - 1)).toBe(false);
    expect(schedule.due(300 + CHECKPOINT_EVERY)).toBe(true);
  });

  it('reads the clock only once the episodes are due', () => {
    let reads = 0;
    const schedule = new RollbackSchedule(() => reads++);
    schedule.due(1);
    expect(reads).toBe(0);
  });
});
