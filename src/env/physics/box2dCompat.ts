/**
 * The two places where planck.js behaves differently from Box2D 2.3.0 (the engine under Gymnasium's
 * pybox2d), mended per world and per body so that planck itself stays untouched for anyone else.
 * Without them contact flags and the "at rest" timer drift from Gymnasium's (SPEC.md §9).
 */
import type { Body, World } from 'planck';

/** The planck internals these patches reach; they are marked @internal in planck's typings. */
interface BroadPhaseInternals {
  m_moveBuffer: (number | null)[];
  m_tree: {
    getFatAABB(id: number): unknown;
    getUserData(id: number): unknown;
    query(aabb: unknown, callback: (proxyId: number) => boolean): void;
  };
}
interface BodyInternals {
  m_awakeFlag: boolean;
}

/**
 * Box2D 2.3.0 gathers all new broad-phase pairs of a step, sorts them by (lower proxy id, higher proxy id),
 * drops duplicates, and only then creates contacts. planck creates them in query order. The order decides
 * the solver's contact order and the order of begin/end callbacks within a step, so we follow Box2D's.
 * Proxy ids grow with fixture creation order in both engines, so sorting by them gives the same order.
 */
export function followBox2dPairOrder(world: World): void {
  const broadPhase = (world as unknown as { m_broadPhase: BroadPhaseInternals }).m_broadPhase;
  const tree = broadPhase.m_tree;
  const pairs: number[] = []; // flat [idA, idB, idA, idB, …], reused across steps
  let queryId = -1;
  const collect = (proxyId: number): boolean => {
    if (proxyId !== queryId) pairs.push(Math.min(proxyId, queryId), Math.max(proxyId, queryId));
    return true;
  };
  const order: number[] = [];

  (broadPhase as unknown as { updatePairs: (cb: (a: unknown, b: unknown) => void) => void }).updatePairs = (
    addPair,
  ) => {
    const moved = broadPhase.m_moveBuffer;
    for (let i = 0; i < moved.length; i++) {
      const id = moved[i];
      if (id === null) continue;
      queryId = id;
      tree.query(tree.getFatAABB(id), collect);
    }
    moved.length = 0;

    const count = pairs.length / 2;
    order.length = count;
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((i, j) => pairs[2 * i] - pairs[2 * j] || pairs[2 * i + 1] - pairs[2 * j + 1]);
    for (let k = 0; k < count; k++) {
      const a = pairs[2 * order[k]];
      const b = pairs[2 * order[k] + 1];
      if (k > 0 && a === pairs[2 * order[k - 1]] && b === pairs[2 * order[k - 1] + 1]) continue;
      addPair(tree.getUserData(a), tree.getUserData(b));
    }
    pairs.length = 0;
  };
}

/**
 * Box2D's SetAwake(true) restarts the sleep timer only for a body that was asleep; planck's restarts it
 * always, and planck calls it when a pair is created, when a contact starts or stops touching and in the
 * TOI pass. That would restart the 0.5 s countdown to "at rest" (+100) of a lander that is already awake.
 */
export function followBox2dWaking(body: Body): void {
  const planckSetAwake = body.setAwake;
  body.setAwake = function setAwake(this: Body, flag: boolean): void {
    if (flag && (this as unknown as BodyInternals).m_awakeFlag) return;
    planckSetAwake.call(this, flag);
  };
}
