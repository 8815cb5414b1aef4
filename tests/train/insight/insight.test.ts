/**
 * The insight frames against independent computations: the Layers models' own predictions for the map and
 * the Bellman target, the env's rewards for the episode's parts and its discounted return.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import type { Config } from '../../../src/config/hyperparameters';
import { observedPosition, WORLD_HEIGHT, WORLD_WIDTH } from '../../../src/env/lunarLander';
import { REWARD_PART_KEYS } from '../../../src/env/rewardParts';
import { Insight } from '../../../src/train/insight/insight';
import { MAP_COLUMNS, MAP_ROWS } from '../../../src/train/insight/policyMap';
import { Trainer } from '../../../src/train/loop/trainer';

const SMALL: Config = { ...defaultConfig(), hidden1: 16, hidden2: 16, batchSize: 16, numEnvs: 1 };

function predict(model: tf.LayersModel, states: number[][]): number[][] {
  return tf.tidy(() => (model.predict(tf.tensor2d(states)) as tf.Tensor).arraySync() as number[][]);
}

describe('insight', () => {
  it('adds up the drawn episode’s reward parts to its return, and discounts it with γ', () => {
    const trainer = new Trainer({ ...SMALL, seed: 4 });
    const insight = new Insight();
    const rewards: number[] = [];
    while (rewards.length < 40) {
      trainer.step();
      insight.observe(trainer);
      rewards.push(trainer.lastDecision.reward);
      expect(trainer.lastDecision.done).toBe(false);
    }
    for (const gamma of [0.9, 0.995]) {
      expect(trainer.applyPatch({ gamma }).ok).toBe(true);
      const r = insight.frame(trainer, 0, Infinity, true)!.reward!;
      expect(r.steps).toBe(40);
      expect(r.return).toBeCloseTo(
        rewards.reduce((a, b) => a + b, 0),
        9,
      );
      const parts = REWARD_PART_KEYS.reduce((s, k) => s + r.episode[k], 0);
      expect(parts).toBeCloseTo(r.return, 9);
      const discounted = rewards.reduce((s, x, t) => s + gamma ** t * x, 0);
      expect(r.discountedReturn).toBeCloseTo(discounted, 9);
      expect(r.gamma).toBe(gamma);
    }
    trainer.dispose();
  });

  it('starts a new breakdown after the drawn episode ends', () => {
    const trainer = new Trainer({ ...SMALL, seed: 1, maxEpisodeSteps: 30 });
    const insight = new Insight();
    for (let i = 0; i < 45; i++) {
      trainer.step();
      insight.observe(trainer);
    }
    const r = insight.frame(trainer, 0, Infinity, true)!.reward!;
    expect(r.steps).toBeGreaterThan(0);
    expect(r.steps).toBeLessThan(30);
    trainer.dispose();
  });

  it('gives the Bellman target of the last transition as the target network computes it', () => {
    for (const doubleDqn of [false, true]) {
      const trainer = new Trainer({ ...SMALL, seed: 2, doubleDqn, gamma: 0.97 });
      // Enough steps for learning, so that the target network differs from the online one.
      for (let i = 0; i < 200; i++) trainer.step();
      expect(trainer.agent.updates).toBeGreaterThan(0);
      const b = new Insight().frame(trainer, 0, Infinity, true)!.bellman!;
      const d = trainer.lastDecision;
      const [q] = predict(trainer.agent.qNetwork, [Array.from(d.state)]);
      const [qNext] = predict(trainer.agent.qNetwork, [Array.from(d.nextState)]);
      const [tNext] = predict(trainer.agent.targetNetwork, [Array.from(d.nextState)]);
      const chooser = doubleDqn ? qNext : tNext;
      const best = chooser.indexOf(Math.max(...chooser));
      expect(b.nextAction).toBe(best);
      expect(b.nextValue).toBeCloseTo(tNext[best], 4);
      expect(b.q).toBeCloseTo(q[d.action], 4);
      expect(b.target).toBeCloseTo(d.reward + 0.97 * (d.done ? 0 : 1) * tNext[best], 4);
      expect(b.tdError).toBeCloseTo(b.target - b.q, 9);
      expect(b.doubleDqn).toBe(doubleDqn);
      trainer.dispose();
    }
  });

  it('maps the greedy action and V over the x–y plane for the drawn lander’s other state', () => {
    const trainer = new Trainer({ ...SMALL, seed: 3 });
    for (let i = 0; i < 10; i++) trainer.step();
    const map = new Insight().frame(trainer, 0, Infinity, true)!.map!;
    expect(map.columns * map.rows).toBe(MAP_COLUMNS * MAP_ROWS);
    expect(map.columns).toBeGreaterThanOrEqual(48);
    expect(map.rows).toBeGreaterThanOrEqual(32);
    const drawn = Array.from(trainer.lastDecision.nextState);
    const cells = [0, 47, 500, 1000, MAP_COLUMNS * MAP_ROWS - 1];
    const states = cells.map((i) => {
      const col = i % MAP_COLUMNS;
      const row = Math.floor(i / MAP_COLUMNS);
      const [x, y] = observedPosition(
        ((col + 0.5) / MAP_COLUMNS) * WORLD_WIDTH,
        WORLD_HEIGHT - ((row + 0.5) / MAP_ROWS) * WORLD_HEIGHT,
      );
      return [x, y, ...drawn.slice(2)];
    });
    predict(trainer.agent.qNetwork, states).forEach((q, k) => {
      const v = Math.max(...q);
      expect(map.actions[cells[k]]).toBe(q.indexOf(v));
      expect(map.values[cells[k]]).toBeCloseTo(v, 4);
    });
    expect(map.min).toBe(Math.min(...map.values));
    expect(map.max).toBe(Math.max(...map.values));
    trainer.dispose();
  });

  it('computes at most every 250 ms at full speed, and every 100 ms up to real time', () => {
    const trainer = new Trainer({ ...SMALL, seed: 5 });
    trainer.step();
    // A map that takes no time: the intervals are the fixed ones.
    const insight = new Insight(() => 0);
    expect(insight.frame(trainer, 1000, Infinity)).not.toBeNull();
    expect(insight.frame(trainer, 1100, Infinity)).toBeNull();
    expect(insight.frame(trainer, 1100, Infinity, true)).not.toBeNull();
    expect(insight.frame(trainer, 1400, Infinity)!.map).not.toBeNull();
    expect(insight.frame(trainer, 1450, 50)).toBeNull();
    const slow = insight.frame(trainer, 1500, 50)!;
    expect(slow.map).not.toBeNull();
    expect(slow.bellman).not.toBeNull();
    expect(insight.frame(trainer, 1560, 50)).toBeNull();
    expect(insight.frame(trainer, 1600, 50)!.map).not.toBeNull();
    trainer.dispose();
  });

  it('spaces the maps out so that they take at most 2% of the time at full speed', () => {
    const trainer = new Trainer({ ...SMALL, seed: 5 });
    trainer.step();
    let clock = 0;
    // Every map "takes" 20 ms of this clock: at most one a second.
    const insight = new Insight(() => (clock += 20));
    expect(insight.frame(trainer, 0, Infinity)!.map).not.toBeNull();
    for (const now of [300, 600, 900]) expect(insight.frame(trainer, now, Infinity)!.map).toBeNull();
    expect(insight.frame(trainer, 1150, Infinity)!.map).not.toBeNull();
    // Up to real time it may take 10%: one per 200 ms, with the numbers every 100 ms.
    expect(insight.frame(trainer, 1250, 50)!.map).toBeNull();
    expect(insight.frame(trainer, 1350, 50)!.map).not.toBeNull();
    trainer.dispose();
  });

  it('shows the network’s activations for the drawn state, and the strongest hidden weights', () => {
    const trainer = new Trainer({ ...SMALL, seed: 6 });
    trainer.step();
    const n = new Insight().frame(trainer, 0, Infinity, true)!.network;
    const drawn = Array.from(trainer.lastDecision.nextState);
    expect(n.inputs).toEqual(drawn);
    expect(n.hidden1).toHaveLength(16);
    expect(n.hidden1.every((v) => v >= 0)).toBe(true);
    const [q] = predict(trainer.agent.qNetwork, [drawn]);
    n.q.forEach((v, a) => expect(v).toBeCloseTo(q[a], 4));
    const w = trainer.agent.qNetwork.getWeights().map((t) => t.arraySync() as number[][]);
    expect(n.weights1[3 * 16 + 5]).toBeCloseTo(w[0][3][5], 6);
    expect(n.weights3[7 * 4 + 2]).toBeCloseTo(w[4][7][2], 6);
    const magnitudes = w[2]
      .flat()
      .map(Math.abs)
      .sort((a, b) => b - a);
    const [from, to, weight] = n.strongest.slice(0, 3);
    expect(weight).toBeCloseTo(w[2][from][to], 6);
    expect(Math.abs(weight)).toBeCloseTo(magnitudes[0], 6);
    trainer.dispose();
  });
});
