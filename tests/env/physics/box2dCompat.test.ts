/** The two Box2D 2.3.0 behaviours box2dCompat gives planck (SPEC.md §9), checked on small worlds. */
import { Box, Edge, Vec2, World } from 'planck';
import type { Body, Contact, Fixture } from 'planck';
import { describe, expect, it } from 'vitest';
import { followBox2dPairOrder, followBox2dWaking } from '../../../src/env/physics/box2dCompat';

const proxyId = (f: Fixture) => (f as unknown as { m_proxies: { proxyId: number }[] }).m_proxies[0].proxyId;

/** A box dropped across several ground edges and two other boxes: many new pairs in its first step. */
function contactsAfterFirstStep(followBox2d: boolean): [number, number][] {
  const world = new World({ gravity: Vec2(0, -10) });
  if (followBox2d) followBox2dPairOrder(world);
  const ground = world.createBody();
  for (let i = 0; i < 6; i++) ground.createFixture(new Edge(Vec2(i - 3, 0), Vec2(i - 2, 0.1 * i)));
  for (const x of [-1.5, 1.5, 0]) {
    world.createDynamicBody({ position: Vec2(x, 0.3) }).createFixture(new Box(2, 0.5), { density: 1 });
  }
  world.step(1 / 50, 180, 60);
  const pairs: [number, number][] = [];
  for (let c: Contact | null = world.getContactList(); c; c = c.getNext()) {
    const a = proxyId(c.getFixtureA());
    const b = proxyId(c.getFixtureB());
    pairs.push([Math.min(a, b), Math.max(a, b)]);
  }
  return pairs;
}

describe('followBox2dPairOrder', () => {
  it('creates new contacts in sorted proxy-pair order, each once (the list holds them newest first)', () => {
    const pairs = contactsAfterFirstStep(true);
    expect(pairs.length).toBeGreaterThan(10);
    const created = [...pairs].reverse();
    const sorted = [...created].sort((p, q) => p[0] - q[0] || p[1] - q[1]);
    expect(created).toEqual(sorted);
    expect(new Set(pairs.map(String)).size).toBe(pairs.length);
  });

  it('changes the order planck would use, not the set of contacts', () => {
    const ours = contactsAfterFirstStep(true);
    const planck = contactsAfterFirstStep(false);
    expect(planck).not.toEqual(ours);
    expect([...planck].sort()).toEqual([...ours].sort());
  });
});

describe('followBox2dWaking', () => {
  const sleepTime = (b: Body) => (b as unknown as { m_sleepTime: number }).m_sleepTime;

  function restingBox(followBox2d: boolean): { world: World; box: Body } {
    const world = new World({ gravity: Vec2(0, -10) });
    world.createBody().createFixture(new Edge(Vec2(-5, 0), Vec2(5, 0)));
    const box = world.createDynamicBody({ position: Vec2(0, 0.5) });
    box.createFixture(new Box(0.5, 0.5), { density: 1 });
    if (followBox2d) followBox2dWaking(box);
    for (let k = 0; k < 10; k++) world.step(1 / 50, 180, 60);
    return { world, box };
  }

  it('does not restart the sleep timer of a body that is awake', () => {
    const { box } = restingBox(true);
    const before = sleepTime(box);
    expect(before).toBeGreaterThan(0);
    box.setAwake(true);
    expect(sleepTime(box)).toBe(before);
  });

  it('still wakes a sleeping body with a fresh timer, and planck’s own rule differs', () => {
    const { world, box } = restingBox(true);
    for (let k = 0; k < 60 && box.isAwake(); k++) world.step(1 / 50, 180, 60);
    expect(box.isAwake()).toBe(false);
    box.setAwake(true);
    expect([box.isAwake(), sleepTime(box)]).toEqual([true, 0]);

    const plain = restingBox(false).box;
    plain.setAwake(true);
    expect(sleepTime(plain)).toBe(0);
  });
});
