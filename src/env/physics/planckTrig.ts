/**
 * Every place where planck turns an angle into sin/cos or back, switched to the portable functions so that
 * a run's bodies move identically in every JavaScript engine (Node's V8 and Chromium's disagree in the
 * last bit of Math.sin, cos and atan2). planck captured Math's functions when it loaded, so they cannot be
 * swapped; these are the methods that call them, with the same arithmetic otherwise. Position's
 * getTransform also calls them, but nothing in a world step uses it. Rot and Sweep are shared by every
 * body and joint, so the methods are replaced once, on the prototypes, for the whole process.
 */
import { Contact, Rot, Sweep } from 'planck';
import type { ContactInternals, Trig } from './contactSolver';
import { initVelocityConstraint, solvePositionConstraint } from './contactSolver';
import { atan2, cos, sin } from './portableMath';

export type { Trig };
export const PORTABLE_TRIG: Trig = { sin, cos, atan2 };

interface V2 {
  x: number;
  y: number;
}
interface TransformValue {
  p: V2;
  q: { c: number; s: number };
}
interface SweepInternals {
  localCenter: V2;
  c: V2;
  c0: V2;
  a: number;
  a0: number;
}

let installed: Trig | null = null;

/** Installs the portable functions unless they are in place already. */
export function installPortableTrig(): void {
  if (installed !== PORTABLE_TRIG) installTrig(PORTABLE_TRIG);
}

/** Puts planck's trigonometry on `trig`; a test installs Math's to compare these methods with planck's. */
export function installTrig(trig: Trig): void {
  installed = trig;
  const { sin, cos, atan2 } = trig;

  Rot.prototype.setAngle = function setAngle(this: Rot, angle: number): void {
    this.s = sin(angle);
    this.c = cos(angle);
  };
  Rot.prototype.set = function set(this: Rot, angle: number | Rot): void {
    if (typeof angle === 'object') {
      this.s = angle.s;
      this.c = angle.c;
    } else {
      this.s = sin(angle);
      this.c = cos(angle);
    }
  };
  Rot.prototype.getAngle = function getAngle(this: Rot): number {
    return atan2(this.s, this.c);
  };

  const sweep = Sweep.prototype as unknown as {
    setTransform(this: SweepInternals, xf: TransformValue): void;
    getTransform(this: SweepInternals, xf: TransformValue, beta?: number): void;
  };
  sweep.setTransform = function setTransform(xf) {
    const lc = this.localCenter;
    const x = xf.q.c * lc.x - xf.q.s * lc.y + xf.p.x;
    const y = xf.q.s * lc.x + xf.q.c * lc.y + xf.p.y;
    this.c.x = x;
    this.c.y = y;
    this.c0.x = x;
    this.c0.y = y;
    this.a = this.a0 = atan2(xf.q.s, xf.q.c);
  };
  sweep.getTransform = function getTransform(xf, beta = 0) {
    const angle = (1 - beta) * this.a0 + beta * this.a;
    xf.q.c = cos(angle);
    xf.q.s = sin(angle);
    xf.p.x = (1 - beta) * this.c0.x + beta * this.c.x;
    xf.p.y = (1 - beta) * this.c0.y + beta * this.c.y;
    const lc = this.localCenter;
    const rx = xf.q.c * lc.x - xf.q.s * lc.y;
    const ry = xf.q.s * lc.x + xf.q.c * lc.y;
    xf.p.x -= rx;
    xf.p.y -= ry;
  };

  const contact = Contact.prototype as unknown as {
    initVelocityConstraint(this: ContactInternals, step: { blockSolve: boolean }): void;
    _solvePositionConstraint(this: ContactInternals, step: unknown, toiA: never, toiB: never): number;
  };
  contact.initVelocityConstraint = function (step) {
    initVelocityConstraint(this, step, trig);
  };
  contact._solvePositionConstraint = function (_step, toiA, toiB) {
    return solvePositionConstraint(this, toiA, toiB, trig);
  };
}
