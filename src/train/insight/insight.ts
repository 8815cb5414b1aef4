/**
 * What the playground shows of why the agent acts and learns as it does, for the drawn env (env 0): the
 * policy map, the network's activations, the drawn episode's reward in its parts with its discounted
 * return, and the Bellman target of the last transition. The session feeds it every step (a few numbers
 * copied) and asks for a frame when it reports progress; at full speed the numbers come four times a
 * second and the map as often as fits in 2% of the time, so that training hardly notices.
 */
import { argmax } from '../../agent/qNetwork';
import { REWARD_PART_KEYS } from '../../env/rewardParts';
import type { RewardParts } from '../../env/types';
import { networkSnapshot } from './networkSnapshot';
import type { NetworkFrame } from './networkSnapshot';
import { PolicyMap } from './policyMap';
import type { PolicyMapFrame } from './policyMap';
import { FPS } from '../../env/lunarLander';
import type { Trainer } from '../loop/trainer';

/** Faster than real time, the numbers at most this often. */
const FAST_EVERY_MS = 250;
/** Up to real time, numbers and map at most this often: ten a second reads well and keeps the page calm. */
const SLOW_EVERY_MS = 100;
/**
 * The map is one forward pass per cell: it may take at most this share of the time, so that it cannot
 * slow training at full speed by more than that, however slow the forward pass (the interval stretches
 * to fit). Up to real time training waits for the clock anyway, so the map may take more.
 */
const FAST_MAP_SHARE = 0.02;
const SLOW_MAP_SHARE = 0.1;

export interface RewardFrame {
  /** The drawn episode's return so far in its parts, and the last step's parts (null before a step). */
  episode: RewardParts;
  last: RewardParts | null;
  steps: number;
  return: number;
  /** Σ γ^t r_t from the episode's first step, with the current γ. */
  discountedReturn: number;
  gamma: number;
}

export interface BellmanFrame {
  action: number;
  reward: number;
  done: boolean;
  gamma: number;
  doubleDqn: boolean;
  /** Q(s, a) of the action taken, from the online network as it is now. */
  q: number;
  /** The next action whose target value is used: argmax of Q̂(s', ·), or of Q(s', ·) with Double DQN. */
  nextAction: number;
  /** Q̂(s', nextAction), from the target network. */
  nextValue: number;
  /** y = r + γ(1 − done)·nextValue, and y − Q(s, a). */
  target: number;
  tdError: number;
}

export interface InsightFrame {
  /** Null when this frame carries no new map (the page keeps the last). */
  map: PolicyMapFrame | null;
  network: NetworkFrame;
  reward: RewardFrame | null;
  bellman: BellmanFrame | null;
}

export class Insight {
  private readonly map = new PolicyMap();
  private rewards = new Float64Array(1024);
  private steps = 0;
  private readonly parts = new Float64Array(REWARD_PART_KEYS.length);
  private last: RewardParts | null = null;
  private ended = false;
  private mapAt = -Infinity;
  private frameAt = -Infinity;
  /** How long the last map took, in ms of `clock`. */
  private mapMs = 0;

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** After each training step: env 0's reward and its parts, added to the drawn episode. */
  observe(trainer: Trainer): void {
    if (this.ended) {
      this.steps = 0;
      this.parts.fill(0);
      this.ended = false;
    }
    const d = trainer.lastDecision;
    if (this.steps === this.rewards.length) {
      const longer = new Float64Array(2 * this.rewards.length);
      longer.set(this.rewards);
      this.rewards = longer;
    }
    this.rewards[this.steps++] = d.reward;
    const parts = trainer.env.rewardParts?.(0);
    if (parts) {
      for (let k = 0; k < REWARD_PART_KEYS.length; k++) this.parts[k] += parts[REWARD_PART_KEYS[k]];
      this.last = parts;
    }
    this.ended = d.done;
  }

  /**
   * A frame for the page, or null when none is due: every 100 ms up to real time, else every 250 ms;
   * `force` (paused, a finished step) always gives one, so that the view freezes on the last step.
   */
  frame(trainer: Trainer, now: number, speed: number, force = false): InsightFrame | null {
    const slow = speed <= FPS; // up to real time, the env's own pace
    if (!force && now - this.frameAt < (slow ? SLOW_EVERY_MS : FAST_EVERY_MS)) return null;
    this.frameAt = now;
    const agent = trainer.agent;
    const d = trainer.lastDecision;
    const drawn = trainer.envSteps > 0 ? d.nextState : d.state;
    let map: PolicyMapFrame | null = null;
    const mapEvery = slow
      ? Math.max(SLOW_EVERY_MS, this.mapMs / SLOW_MAP_SHARE)
      : Math.max(FAST_EVERY_MS, this.mapMs / FAST_MAP_SHARE);
    if ((force || now - this.mapAt >= mapEvery) && trainer.env.obsSize === 8) {
      const t0 = this.clock();
      map = this.map.compute(agent, drawn);
      this.mapMs = this.clock() - t0;
      this.mapAt = now;
    }
    return {
      map,
      network: networkSnapshot(agent, drawn),
      reward: trainer.env.rewardParts ? this.rewardFrame(trainer.settings.gamma) : null,
      bellman: trainer.envSteps > 0 ? bellmanFrame(trainer) : null,
    };
  }

  private rewardFrame(gamma: number): RewardFrame {
    const episode = Object.fromEntries(
      REWARD_PART_KEYS.map((k, i) => [k, this.parts[i]]),
    ) as unknown as RewardParts;
    let total = 0;
    let discounted = 0;
    let weight = 1;
    for (let t = 0; t < this.steps; t++) {
      total += this.rewards[t];
      discounted += weight * this.rewards[t];
      weight *= gamma;
    }
    return {
      episode,
      last: this.last && { ...this.last },
      steps: this.steps,
      return: total,
      discountedReturn: discounted,
      gamma,
    };
  }
}

/** The lab's target for env 0's last transition, with the networks as they are now. */
function bellmanFrame(trainer: Trainer): BellmanFrame {
  const agent = trainer.agent;
  const d = trainer.lastDecision;
  const { gamma, doubleDqn } = trainer.settings;
  const q = agent.qValues(d.state)[d.action];
  // Both calls hand back reused arrays: read what is needed before the next one.
  const nextAction = doubleDqn
    ? argmax(agent.qValues(d.nextState))
    : argmax(agent.targetQValues(d.nextState));
  const nextValue = agent.targetQValues(d.nextState)[nextAction];
  const target = d.reward + gamma * (d.done ? 0 : 1) * nextValue;
  return {
    action: d.action,
    reward: d.reward,
    done: d.done,
    gamma,
    doubleDqn,
    q,
    nextAction,
    nextValue,
    target,
    tdError: target - q,
  };
}
