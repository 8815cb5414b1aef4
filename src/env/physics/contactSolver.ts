/**
 * planck's contact solver builds each body's transform with a cos/sin it captured from Math when it loaded,
 * out of reach of any patch, and engines differ in those functions' last bit. These are the contact's two
 * methods that do so (velocity-constraint set-up and the position correction), with planck's arithmetic in
 * planck's operation order but the given cos/sin (the portable ones in a run, Math's in the test that
 * checks these against planck bit for bit), so a contact resolves to the same bits everywhere.
 */
import * as planck from 'planck';
import { ManifoldType, WorldManifold } from 'planck';
import type { Manifold } from 'planck';

export interface Trig {
  sin(x: number): number;
  cos(x: number): number;
  atan2(y: number, x: number): number;
}
interface V2 {
  x: number;
  y: number;
}
interface Position {
  c: V2;
  a: number;
}
interface SolverBody {
  c_position: Position;
  c_velocity: { v: V2; w: number };
}
interface VelocityPoint {
  rA: V2;
  rB: V2;
  normalMass: number;
  tangentMass: number;
  velocityBias: number;
}
interface Mat22 {
  ex: V2 & { setNum(x: number, y: number): void };
  ey: V2 & { setNum(x: number, y: number): void };
}
export interface ContactInternals {
  m_fixtureA: { m_body: SolverBody | null } | null;
  m_fixtureB: { m_body: SolverBody | null } | null;
  m_manifold: Manifold;
  p_localCenterA: V2;
  p_localCenterB: V2;
  p_invMassA: number;
  p_invMassB: number;
  p_invIA: number;
  p_invIB: number;
  p_radiusA: number;
  p_radiusB: number;
  p_localNormal: V2;
  p_localPoint: V2;
  p_localPoints: V2[];
  p_type: number;
  p_pointCount: number;
  v_invMassA: number;
  v_invMassB: number;
  v_invIA: number;
  v_invIB: number;
  v_normal: V2;
  v_points: VelocityPoint[];
  v_pointCount: number;
  v_restitution: number;
  v_K: Mat22;
  v_normalMass: Mat22;
}

/** planck's tolerances in its length units (marked internal, so missing from its typings). */
const SettingsInternal = (
  planck as unknown as {
    SettingsInternal: {
      velocityThreshold: number;
      linearSlop: number;
      maxLinearCorrection: number;
      baumgarte: number;
      toiBaugarte: number;
    };
  }
).SettingsInternal;

/** planck's Transform layout, reused across calls. */
const xfA = { p: { x: 0, y: 0 }, q: { c: 1, s: 0 } };
const xfB = { p: { x: 0, y: 0 }, q: { c: 1, s: 0 } };
const worldManifold = new WorldManifold();

/** planck's getTransform(xf, localCenter, c, a), with portable trig. */
function setTransform(xf: typeof xfA, localCenter: V2, cx: number, cy: number, a: number, trig: Trig): void {
  const qc = trig.cos(a);
  const qs = trig.sin(a);
  xf.q.c = qc;
  xf.q.s = qs;
  xf.p.x = cx - (qc * localCenter.x - qs * localCenter.y);
  xf.p.y = cy - (qs * localCenter.x + qc * localCenter.y);
}

export function initVelocityConstraint(
  contact: ContactInternals,
  step: { blockSolve: boolean },
  trig: Trig,
): void {
  const fixtureA = contact.m_fixtureA;
  const fixtureB = contact.m_fixtureB;
  if (fixtureA === null || fixtureB === null) return;
  const bodyA = fixtureA.m_body;
  const bodyB = fixtureB.m_body;
  if (bodyA === null || bodyB === null) return;
  const vA = bodyA.c_velocity.v;
  const wA = bodyA.c_velocity.w;
  const vB = bodyB.c_velocity.v;
  const wB = bodyB.c_velocity.w;
  const cA = bodyA.c_position.c;
  const cB = bodyB.c_position.c;
  const mA = contact.v_invMassA;
  const mB = contact.v_invMassB;
  const iA = contact.v_invIA;
  const iB = contact.v_invIB;
  setTransform(xfA, contact.p_localCenterA, cA.x, cA.y, bodyA.c_position.a, trig);
  setTransform(xfB, contact.p_localCenterB, cB.x, cB.y, bodyB.c_position.a, trig);
  worldManifold.recycle();
  contact.m_manifold.getWorldManifold(
    worldManifold,
    xfA as never,
    contact.p_radiusA,
    xfB as never,
    contact.p_radiusB,
  );
  const n = contact.v_normal;
  n.x = worldManifold.normal.x;
  n.y = worldManifold.normal.y;
  for (let j = 0; j < contact.v_pointCount; ++j) {
    const vcp = contact.v_points[j];
    const wmp = worldManifold.points[j];
    vcp.rA.x = wmp.x - cA.x;
    vcp.rA.y = wmp.y - cA.y;
    vcp.rB.x = wmp.x - cB.x;
    vcp.rB.y = wmp.y - cB.y;
    const rnA = vcp.rA.x * n.y - vcp.rA.y * n.x;
    const rnB = vcp.rB.x * n.y - vcp.rB.y * n.x;
    const kNormal = mA + mB + iA * rnA * rnA + iB * rnB * rnB;
    vcp.normalMass = kNormal > 0 ? 1 / kNormal : 0;
    const tx = 1 * n.y;
    const ty = -1 * n.x;
    const rtA = vcp.rA.x * ty - vcp.rA.y * tx;
    const rtB = vcp.rB.x * ty - vcp.rB.y * tx;
    const kTangent = mA + mB + iA * rtA * rtA + iB * rtB * rtB;
    vcp.tangentMass = kTangent > 0 ? 1 / kTangent : 0;
    vcp.velocityBias = 0;
    let vRel = 0;
    vRel += n.x * vB.x + n.y * vB.y;
    vRel += n.x * (-wB * vcp.rB.y) + n.y * (wB * vcp.rB.x);
    vRel -= n.x * vA.x + n.y * vA.y;
    vRel -= n.x * (-wA * vcp.rA.y) + n.y * (wA * vcp.rA.x);
    if (vRel < -SettingsInternal.velocityThreshold) vcp.velocityBias = -contact.v_restitution * vRel;
  }
  if (contact.v_pointCount == 2 && step.blockSolve) {
    const vcp1 = contact.v_points[0];
    const vcp2 = contact.v_points[1];
    const rn1A = vcp1.rA.x * n.y - vcp1.rA.y * n.x;
    const rn1B = vcp1.rB.x * n.y - vcp1.rB.y * n.x;
    const rn2A = vcp2.rA.x * n.y - vcp2.rA.y * n.x;
    const rn2B = vcp2.rB.x * n.y - vcp2.rB.y * n.x;
    const k11 = mA + mB + iA * rn1A * rn1A + iB * rn1B * rn1B;
    const k22 = mA + mB + iA * rn2A * rn2A + iB * rn2B * rn2B;
    const k12 = mA + mB + iA * rn1A * rn2A + iB * rn1B * rn2B;
    const maxConditionNumber = 1e3;
    if (k11 * k11 < maxConditionNumber * (k11 * k22 - k12 * k12)) {
      contact.v_K.ex.setNum(k11, k12);
      contact.v_K.ey.setNum(k12, k22);
      const a = contact.v_K.ex.x;
      const b = contact.v_K.ey.x;
      const c = contact.v_K.ex.y;
      const d = contact.v_K.ey.y;
      let det = a * d - b * c;
      if (det !== 0) det = 1 / det;
      contact.v_normalMass.ex.x = det * d;
      contact.v_normalMass.ey.x = -det * b;
      contact.v_normalMass.ex.y = -det * c;
      contact.v_normalMass.ey.y = det * a;
    } else {
      contact.v_pointCount = 1;
    }
  }
}

/** planck's _solvePositionConstraint: one pass of position correction; returns the least separation. */
export function solvePositionConstraint(
  contact: ContactInternals,
  toiA: SolverBody | null,
  toiB: SolverBody | null,
  trig: Trig,
): number {
  const toi = toiA !== null && toiB !== null;
  let minSeparation = 0;
  const fixtureA = contact.m_fixtureA;
  const fixtureB = contact.m_fixtureB;
  if (fixtureA === null || fixtureB === null) return minSeparation;
  const bodyA = fixtureA.m_body;
  const bodyB = fixtureB.m_body;
  if (bodyA === null || bodyB === null) return minSeparation;
  const positionA = bodyA.c_position;
  const positionB = bodyB.c_position;
  let mA = 0;
  let iA = 0;
  if (!toi || bodyA === toiA || bodyA === toiB) {
    mA = contact.p_invMassA;
    iA = contact.p_invIA;
  }
  let mB = 0;
  let iB = 0;
  if (!toi || bodyB === toiA || bodyB === toiB) {
    mB = contact.p_invMassB;
    iB = contact.p_invIB;
  }
  let cAx = positionA.c.x;
  let cAy = positionA.c.y;
  let aA = positionA.a;
  let cBx = positionB.c.x;
  let cBy = positionB.c.y;
  let aB = positionB.a;
  for (let j = 0; j < contact.p_pointCount; ++j) {
    setTransform(xfA, contact.p_localCenterA, cAx, cAy, aA, trig);
    setTransform(xfB, contact.p_localCenterB, cBx, cBy, aB, trig);
    let nx: number;
    let ny: number;
    let px: number;
    let py: number;
    let separation: number;
    if (contact.p_type === ManifoldType.e_circles) {
      const lpA = contact.p_localPoint;
      const lpB = contact.p_localPoints[0];
      const pAx = xfA.q.c * lpA.x - xfA.q.s * lpA.y + xfA.p.x;
      const pAy = xfA.q.s * lpA.x + xfA.q.c * lpA.y + xfA.p.y;
      const pBx = xfB.q.c * lpB.x - xfB.q.s * lpB.y + xfB.p.x;
      const pBy = xfB.q.s * lpB.x + xfB.q.c * lpB.y + xfB.p.y;
      nx = pBx - pAx;
      ny = pBy - pAy;
      const length = Math.sqrt(nx * nx + ny * ny);
      if (length > 0) {
        const invLength = 1 / length;
        nx *= invLength;
        ny *= invLength;
      }
      px = 0.5 * pAx + 0.5 * pBx;
      py = 0.5 * pAy + 0.5 * pBy;
      separation = pBx * nx + pBy * ny - (pAx * nx + pAy * ny) - contact.p_radiusA - contact.p_radiusB;
    } else if (contact.p_type === ManifoldType.e_faceA || contact.p_type === ManifoldType.e_faceB) {
      // faceA: the plane is on A and the clip point on B; faceB the other way round, normal flipped after.
      const faceA = contact.p_type === ManifoldType.e_faceA;
      const plane = faceA ? xfA : xfB;
      const clip = faceA ? xfB : xfA;
      const ln = contact.p_localNormal;
      const lp = contact.p_localPoint;
      const lc = contact.p_localPoints[j];
      nx = plane.q.c * ln.x - plane.q.s * ln.y;
      ny = plane.q.s * ln.x + plane.q.c * ln.y;
      const planeX = plane.q.c * lp.x - plane.q.s * lp.y + plane.p.x;
      const planeY = plane.q.s * lp.x + plane.q.c * lp.y + plane.p.y;
      px = clip.q.c * lc.x - clip.q.s * lc.y + clip.p.x;
      py = clip.q.s * lc.x + clip.q.c * lc.y + clip.p.y;
      separation = px * nx + py * ny - (planeX * nx + planeY * ny) - contact.p_radiusA - contact.p_radiusB;
      if (!faceA) {
        nx = -nx;
        ny = -ny;
      }
    } else {
      return minSeparation;
    }
    const rAx = px - cAx;
    const rAy = py - cAy;
    const rBx = px - cBx;
    const rBy = py - cBy;
    minSeparation = Math.min(minSeparation, separation);
    const baumgarte = toi ? SettingsInternal.toiBaugarte : SettingsInternal.baumgarte;
    const C = clamp(
      baumgarte * (separation + SettingsInternal.linearSlop),
      -SettingsInternal.maxLinearCorrection,
      0,
    );
    const rnA = rAx * ny - rAy * nx;
    const rnB = rBx * ny - rBy * nx;
    const K = mA + mB + iA * rnA * rnA + iB * rnB * rnB;
    const impulse = K > 0 ? -C / K : 0;
    const Px = impulse * nx;
    const Py = impulse * ny;
    cAx -= mA * Px;
    cAy -= mA * Py;
    aA -= iA * (rAx * Py - rAy * Px);
    cBx += mB * Px;
    cBy += mB * Py;
    aB += iB * (rBx * Py - rBy * Px);
  }
  positionA.c.x = cAx;
  positionA.c.y = cAy;
  positionA.a = aA;
  positionB.c.x = cBx;
  positionB.c.y = cBy;
  positionB.a = aB;
  return minSeparation;
}

function clamp(x: number, low: number, high: number): number {
  return x < low ? low : x > high ? high : x;
}
