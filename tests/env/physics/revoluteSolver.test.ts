import { Box, Edge, RevoluteJoint, Vec2, World } from 'planck';
import { describe, expect, it } from 'vitest';
import { solveWithoutAllocation } from '../../../src/env/physics/revoluteSolver';

/** A box with two motorised, limited legs dropped on the ground and kicked about: every joint state occurs. */
function simulate(fast: boolean): { states: number[]; limitStates: Set<number> } {
  const world = new World({ gravity: Vec2(0, -10) });
  world.createBody().createFixture(new Edge(Vec2(-20, 0), Vec2(20, 0)), { friction: 0.3 });
  const hull = world.createDynamicBody({ position: Vec2(0, 3) });
  hull.createFixture(new Box(0.5, 0.3), { density: 5 });
  const joints: RevoluteJoint[] = [];
  for (const side of [-1, 1]) {
    const leg = world.createDynamicBody({ position: Vec2(side * 0.7, 2.8), angle: side * 0.05 });
    leg.createFixture(new Box(0.07, 0.27), { density: 1 });
    const joint = world.createJoint(
      new RevoluteJoint({
        bodyA: hull,
        bodyB: leg,
        localAnchorA: Vec2(0, 0),
        localAnchorB: Vec2(side * 0.67, 0.6),
        enableMotor: true,
        enableLimit: true,
        maxMotorTorque: 40,
        motorSpeed: 0.3 * side,
        lowerAngle: side < 0 ? 0.4 : -0.9,
        upperAngle: side < 0 ? 0.9 : -0.4,
      }),
    )!;
    if (fast) solveWithoutAllocation(joint);
    joints.push(joint);
  }
  const states: number[] = [];
  const limitStates = new Set<number>();
  for (let k = 0; k < 400; k++) {
    if (k % 37 === 0)
      hull.applyLinearImpulse(Vec2(Math.sin(k) * 3, 6), hull.getWorldPoint(Vec2(0.3, 0.2)), true);
    if (k === 200) joints[0].setLimits(0.6, 0.6); // equal limits
    world.step(1 / 50, 180, 60);
    for (const j of joints) limitStates.add((j as unknown as { m_limitState: number }).m_limitState);
    for (let b = world.getBodyList(); b; b = b.getNext()) {
      states.push(
        b.getPosition().x,
        b.getPosition().y,
        b.getAngle(),
        b.getLinearVelocity().x,
        b.getAngularVelocity(),
      );
    }
  }
  return { states, limitStates };
}

describe('allocation-free revolute velocity solve', () => {
  it("gives planck's results bit for bit in every limit state", () => {
    const plain = simulate(false);
    const fast = simulate(true);
    expect(plain.limitStates).toEqual(new Set([0, 1, 2, 3]));
    expect(fast.states).toEqual(plain.states);
    expect(Object.is(fast.states.at(-1), plain.states.at(-1))).toBe(true);
  });
});
