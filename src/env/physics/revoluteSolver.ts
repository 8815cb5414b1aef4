/**
 * planck's RevoluteJoint velocity solve allocates a handful of Vec2/Vec3 objects on every call, and with
 * Gymnasium's 180 velocity iterations and two leg joints that garbage is a fifth of an env step's time.
 * This is the same solve, with planck's arithmetic in planck's operation order (so results are bit for bit
 * identical; a test checks it), on plain numbers. Installed per joint, planck itself untouched.
 */
import type { RevoluteJoint } from 'planck';

interface V2 {
  x: number;
  y: number;
}
interface V3 extends V2 {
  z: number;
}
interface RevoluteInternals {
  m_bodyA: { c_velocity: { v: V2; w: number } };
  m_bodyB: { c_velocity: { v: V2; w: number } };
  m_invMassA: number;
  m_invMassB: number;
  m_invIA: number;
  m_invIB: number;
  m_rA: V2;
  m_rB: V2;
  m_mass: { ex: V3; ey: V3; ez: V3 };
  m_impulse: V3;
  m_motorImpulse: number;
  m_motorMass: number;
  m_motorSpeed: number;
  m_maxMotorTorque: number;
  m_enableMotor: boolean;
  m_enableLimit: boolean;
  m_limitState: number;
}

// planck's internal LimitState enum.
const INACTIVE_LIMIT = 0;
const AT_LOWER_LIMIT = 1;
const AT_UPPER_LIMIT = 2;
const EQUAL_LIMITS = 3;

export function solveWithoutAllocation(joint: RevoluteJoint): void {
  (
    joint as unknown as { solveVelocityConstraints: (step: { dt: number }) => void }
  ).solveVelocityConstraints = function (this: RevoluteInternals, step: { dt: number }) {
    solveVelocity(this, step.dt);
  };
}

function solveVelocity(j: RevoluteInternals, dt: number): void {
  const vA = j.m_bodyA.c_velocity.v;
  let wA = j.m_bodyA.c_velocity.w;
  const vB = j.m_bodyB.c_velocity.v;
  let wB = j.m_bodyB.c_velocity.w;
  const mA = j.m_invMassA;
  const mB = j.m_invMassB;
  const iA = j.m_invIA;
  const iB = j.m_invIB;
  const rA = j.m_rA;
  const rB = j.m_rB;
  const fixedRotation = iA + iB === 0.0;

  if (j.m_enableMotor && j.m_limitState !== EQUAL_LIMITS && !fixedRotation) {
    const cdot = wB - wA - j.m_motorSpeed;
    let impulse = -j.m_motorMass * cdot;
    const oldImpulse = j.m_motorImpulse;
    const maxImpulse = dt * j.m_maxMotorTorque;
    const sum = j.m_motorImpulse + impulse;
    j.m_motorImpulse = sum < -maxImpulse ? -maxImpulse : sum > maxImpulse ? maxImpulse : sum;
    impulse = j.m_motorImpulse - oldImpulse;
    wA -= iA * impulse;
    wB += iB * impulse;
  }

  // Relative velocity of the anchors: 0 + (vB + wB × rB), then − (vA + wA × rA).
  let cdot1x = 0 + (1 * vB.x + 1 * (-wB * rB.y));
  let cdot1y = 0 + (1 * vB.y + 1 * (wB * rB.x));
  cdot1x -= 1 * vA.x + 1 * (-wA * rA.y);
  cdot1y -= 1 * vA.y + 1 * (wA * rA.x);

  const M = j.m_mass;
  const acc = j.m_impulse;
  let px: number;
  let py: number;
  if (j.m_enableLimit && j.m_limitState !== INACTIVE_LIMIT && !fixedRotation) {
    const cdot2 = wB - wA;
    // impulse = −M⁻¹·Cdot via Cramer's rule, as Mat33.solve33.
    let det =
      M.ex.x * (M.ey.y * M.ez.z - M.ey.z * M.ez.y) +
      M.ex.y * (M.ey.z * M.ez.x - M.ey.x * M.ez.z) +
      M.ex.z * (M.ey.x * M.ez.y - M.ey.y * M.ez.x);
    if (det !== 0.0) det = 1.0 / det;
    const sx =
      det *
      (cdot1x * (M.ey.y * M.ez.z - M.ey.z * M.ez.y) +
        cdot1y * (M.ey.z * M.ez.x - M.ey.x * M.ez.z) +
        cdot2 * (M.ey.x * M.ez.y - M.ey.y * M.ez.x));
    const sy =
      det *
      (M.ex.x * (cdot1y * M.ez.z - cdot2 * M.ez.y) +
        M.ex.y * (cdot2 * M.ez.x - cdot1x * M.ez.z) +
        M.ex.z * (cdot1x * M.ez.y - cdot1y * M.ez.x));
    const sz =
      det *
      (M.ex.x * (M.ey.y * cdot2 - M.ey.z * cdot1y) +
        M.ex.y * (M.ey.z * cdot1x - M.ey.x * cdot2) +
        M.ex.z * (M.ey.x * cdot1y - M.ey.y * cdot1x));
    let ix = -sx;
    let iy = -sy;
    let iz = -sz;

    const state = j.m_limitState;
    const newImpulse = acc.z + iz;
    if ((state === AT_LOWER_LIMIT && newImpulse < 0.0) || (state === AT_UPPER_LIMIT && newImpulse > 0.0)) {
      // rhs = −Cdot1 + accumulated z · (ez.x, ez.y), solved on the upper 2×2 as Mat33.solve22.
      const rx = -1 * cdot1x + acc.z * M.ez.x;
      const ry = -1 * cdot1y + acc.z * M.ez.y;
      let det2 = M.ex.x * M.ey.y - M.ey.x * M.ex.y;
      if (det2 !== 0.0) det2 = 1.0 / det2;
      ix = det2 * (M.ey.y * rx - M.ey.x * ry);
      iy = det2 * (M.ex.x * ry - M.ex.y * rx);
      iz = -acc.z;
      acc.x += ix;
      acc.y += iy;
      acc.z = 0.0;
    } else if (state === EQUAL_LIMITS || state === AT_LOWER_LIMIT || state === AT_UPPER_LIMIT) {
      acc.x += ix;
      acc.y += iy;
      acc.z += iz;
    }

    px = ix;
    py = iy;
    vA.x -= mA * px;
    vA.y -= mA * py;
    wA -= iA * (rA.x * py - rA.y * px + iz);
    vB.x += mB * px;
    vB.y += mB * py;
    wB += iB * (rB.x * py - rB.y * px + iz);
  } else {
    // Point-to-point constraint: solve22(−Cdot).
    const nx = -cdot1x;
    const ny = -cdot1y;
    let det2 = M.ex.x * M.ey.y - M.ey.x * M.ex.y;
    if (det2 !== 0.0) det2 = 1.0 / det2;
    px = det2 * (M.ey.y * nx - M.ey.x * ny);
    py = det2 * (M.ex.x * ny - M.ex.y * nx);
    acc.x += px;
    acc.y += py;
    vA.x -= mA * px;
    vA.y -= mA * py;
    wA -= iA * (rA.x * py - rA.y * px);
    vB.x += mB * px;
    vB.y += mB * py;
    wB += iB * (rB.x * py - rB.y * px);
  }

  j.m_bodyA.c_velocity.w = wA;
  j.m_bodyB.c_velocity.w = wB;
}
