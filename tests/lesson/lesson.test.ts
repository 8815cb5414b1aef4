/** The lesson's DQN: the lab's agent learning the course's rover table, with live ε and learning rate. */
import { describe, expect, it } from 'vitest';
import { RoverLesson } from '../../src/lesson/lesson';
import type { LessonProgress } from '../../src/lesson/lesson';
import { optimalQ } from './marsRoverFixture';

/** A host whose tasks run when `run` is called: each tick trains one 12 ms slice. */
function host() {
  const queue: (() => void)[] = [];
  const progress: LessonProgress[] = [];
  return {
    progress,
    run(ticks: number) {
      for (let i = 0; i < ticks && queue.length; i++) queue.shift()!();
    },
    host: {
      now: () => performance.now(),
      schedule: (task: () => void) => void queue.push(task),
      emit: (p: LessonProgress) => void progress.push(p),
    },
  };
}

describe('the Mars-rover lesson’s DQN', () => {
  it('learns the course’s table for γ = 0.5 to within 5%', () => {
    const h = host();
    const lesson = new RoverLesson(
      { leftReward: 100, rightReward: 40, misstep: 0, gamma: 0.5 },
      { epsilon: 1, learningRate: 2e-3 },
      h.host,
    );
    lesson.start();
    const exact = optimalQ(0.5, 0);
    let last: LessonProgress | undefined;
    for (let round = 0; round < 200; round++) {
      h.run(10);
      last = h.progress[h.progress.length - 1];
      if (last && last.updates > 1500) break;
    }
    lesson.stop();
    last = h.progress[h.progress.length - 1];
    expect(last.running).toBe(false);
    expect(last.exact).toEqual(exact);
    last.q.forEach((row, s) =>
      row.forEach((v, a) =>
        expect(Math.abs(v - exact[s][a]), `Q(${s + 1}, ${a})`).toBeLessThan(0.05 * exact[s][a]),
      ),
    );
    expect(last.worstError).toBeLessThan(0.05);
    lesson.dispose();
  });

  it('takes ε and the learning rate live, and refuses bad ones whole', () => {
    const h = host();
    const lesson = new RoverLesson(
      { leftReward: 10, rightReward: 5, misstep: 0.2, gamma: 0.9 },
      { epsilon: 1, learningRate: 1e-3 },
      h.host,
    );
    lesson.patch({ epsilon: 0.3, learningRate: 1e-4 });
    const p = h.progress[h.progress.length - 1];
    expect(p.epsilon).toBe(0.3);
    expect(p.learningRate).toBe(1e-4);
    expect(() => lesson.patch({ epsilon: 0.5, learningRate: -1 })).toThrow(/learning rate/i);
    expect(h.progress[h.progress.length - 1].epsilon).toBe(0.3);
    lesson.dispose();
  });

  it('says what is wrong with a problem it cannot learn', () => {
    const h = host();
    const settings = { epsilon: 1, learningRate: 1e-3 };
    expect(
      () => new RoverLesson({ leftReward: 100, rightReward: 40, misstep: 0, gamma: 1 }, settings, h.host),
    ).toThrow(/0\.9999/);
    expect(
      () => new RoverLesson({ leftReward: 100, rightReward: 40, misstep: 0.8, gamma: 0.5 }, settings, h.host),
    ).toThrow(/misstep/);
  });
});
