/** Draws one RenderSnapshot on a 2D canvas: sky, moon, helipad flags, lander, legs and engine flames. */
import type { RenderSnapshot } from '../../env/types';

const COLORS = {
  skyTop: '#05070f',
  skyBottom: '#121a33',
  moon: '#e4e4ec',
  moonEdge: '#b9b9c8',
  body: '#8066e6',
  bodyEdge: '#4d4d80',
  legTouching: '#5fd68b',
  pole: '#f2f2f2',
  flag: '#cccc00',
  flameCore: 'rgba(255, 246, 210, 1)',
  flameBody: 'rgba(255, 160, 50, 0.9)',
  flameTip: 'rgba(255, 80, 30, 0)',
};

// Engine geometry in the lander's body frame (metres), as the env places the impulses.
const MAIN_NOZZLE_Y = -4 / 30;
const SIDE_NOZZLE_X = 12 / 30;
const SIDE_NOZZLE_Y = 14 / 30;
const MAIN_FLAME_LENGTH = 1.3;
const SIDE_FLAME_LENGTH = 0.6;

export function drawLander(
  ctx: CanvasRenderingContext2D,
  snap: RenderSnapshot,
  cssWidth: number,
  cssHeight: number,
  dpr: number,
  /** Other parallel envs' landers, drawn faintly over this moon. */
  ghosts: readonly RenderSnapshot[] = [],
): void {
  const scale = cssWidth / snap.worldWidth; // css px per metre
  // World metres (y up) to device pixels (y down).
  ctx.setTransform(scale * dpr, 0, 0, -scale * dpr, 0, cssHeight * dpr);

  const sky = ctx.createLinearGradient(0, snap.worldHeight, 0, 0);
  sky.addColorStop(0, COLORS.skyTop);
  sky.addColorStop(1, COLORS.skyBottom);
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, snap.worldWidth, snap.worldHeight);

  drawMoon(ctx, snap, scale);
  drawFlags(ctx, snap, scale);
  ctx.globalAlpha = 0.22;
  for (const ghost of ghosts) drawCraft(ctx, ghost, scale);
  ctx.globalAlpha = 1;
  drawFlames(ctx, snap);
  drawCraft(ctx, snap, scale);
  if (snap.y > snap.worldHeight) drawAboveMarker(ctx, snap, scale);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

/** The lander, flags and the moon's edge alone on a clear canvas, to lie over another picture (the policy map). */
export function drawLanderOver(
  ctx: CanvasRenderingContext2D,
  snap: RenderSnapshot,
  cssWidth: number,
  cssHeight: number,
  dpr: number,
): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const scale = cssWidth / snap.worldWidth;
  ctx.setTransform(scale * dpr, 0, 0, -scale * dpr, 0, cssHeight * dpr);
  // Under the ground the map shows states no lander can be in: veiled, not hidden.
  ctx.beginPath();
  ctx.moveTo(0, 0);
  for (let i = 0; i < snap.terrainX.length; i++) ctx.lineTo(snap.terrainX[i], snap.terrainY[i]);
  ctx.lineTo(snap.worldWidth, 0);
  ctx.closePath();
  ctx.fillStyle = 'rgba(20, 22, 30, 0.6)';
  ctx.fill();
  ctx.beginPath();
  for (let i = 0; i < snap.terrainX.length; i++) ctx.lineTo(snap.terrainX[i], snap.terrainY[i]);
  ctx.strokeStyle = COLORS.moon;
  ctx.lineWidth = 2 / scale;
  ctx.stroke();
  drawFlags(ctx, snap, scale);
  drawFlames(ctx, snap);
  drawCraft(ctx, snap, scale);
  if (snap.y > snap.worldHeight) drawAboveMarker(ctx, snap, scale);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}

function drawCraft(ctx: CanvasRenderingContext2D, snap: RenderSnapshot, scale: number): void {
  for (let i = 0; i < 2; i++) {
    polygon(
      ctx,
      snap.legs[i],
      snap.legContacts[i] ? COLORS.legTouching : COLORS.body,
      COLORS.bodyEdge,
      scale,
    );
  }
  polygon(ctx, snap.lander, COLORS.body, COLORS.bodyEdge, scale);
}

/** Nothing stops a lander from climbing out of view; a caret at the top edge shows where it went. */
function drawAboveMarker(ctx: CanvasRenderingContext2D, snap: RenderSnapshot, scale: number): void {
  const x = Math.min(Math.max(snap.x, 0.3), snap.worldWidth - 0.3);
  const top = snap.worldHeight;
  const size = 10 / scale;
  ctx.beginPath();
  ctx.moveTo(x, top - size * 0.4);
  ctx.lineTo(x - size, top - size * 1.6);
  ctx.lineTo(x + size, top - size * 1.6);
  ctx.closePath();
  ctx.fillStyle = COLORS.body;
  ctx.fill();
}

function drawMoon(ctx: CanvasRenderingContext2D, snap: RenderSnapshot, scale: number): void {
  ctx.beginPath();
  ctx.moveTo(0, 0);
  for (let i = 0; i < snap.terrainX.length; i++) ctx.lineTo(snap.terrainX[i], snap.terrainY[i]);
  ctx.lineTo(snap.worldWidth, 0);
  ctx.closePath();
  ctx.fillStyle = COLORS.moon;
  ctx.fill();
  ctx.beginPath();
  for (let i = 0; i < snap.terrainX.length; i++) ctx.lineTo(snap.terrainX[i], snap.terrainY[i]);
  ctx.strokeStyle = COLORS.moonEdge;
  ctx.lineWidth = 1.5 / scale;
  ctx.stroke();
}

function drawFlags(ctx: CanvasRenderingContext2D, snap: RenderSnapshot, scale: number): void {
  for (const x of [snap.helipadX1, snap.helipadX2]) {
    const y0 = snap.helipadY;
    const y1 = y0 + 50 / 30;
    ctx.beginPath();
    ctx.moveTo(x, y0);
    ctx.lineTo(x, y1);
    ctx.strokeStyle = COLORS.pole;
    ctx.lineWidth = 1.5 / scale;
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(x, y1);
    ctx.lineTo(x, y1 - 10 / 30);
    ctx.lineTo(x + 25 / 30, y1 - 5 / 30);
    ctx.closePath();
    ctx.fillStyle = COLORS.flag;
    ctx.fill();
  }
}

/** A flame from a nozzle at body-frame (lx, ly), pointing along body-frame (dx, dy), `length` metres long. */
function flame(
  ctx: CanvasRenderingContext2D,
  snap: RenderSnapshot,
  lx: number,
  ly: number,
  dx: number,
  dy: number,
  length: number,
  width: number,
): void {
  const c = Math.cos(snap.angle);
  const s = Math.sin(snap.angle);
  const toWorld = (x: number, y: number): [number, number] => [
    snap.x + x * c - y * s,
    snap.y + x * s + y * c,
  ];
  const [nx, ny] = [-dy, dx]; // across the flame
  const [ax, ay] = toWorld(lx + (nx * width) / 2, ly + (ny * width) / 2);
  const [bx, by] = toWorld(lx - (nx * width) / 2, ly - (ny * width) / 2);
  const [tx, ty] = toWorld(lx + dx * length, ly + dy * length);
  const [ox, oy] = toWorld(lx, ly);
  const glow = ctx.createLinearGradient(ox, oy, tx, ty);
  glow.addColorStop(0, COLORS.flameCore);
  // An opaque orange band before the fade: fading straight from pale to clear reads brown on the dark sky.
  glow.addColorStop(0.35, COLORS.flameBody);
  glow.addColorStop(1, COLORS.flameTip);
  ctx.beginPath();
  ctx.moveTo(ax, ay);
  ctx.lineTo(tx, ty);
  ctx.lineTo(bx, by);
  ctx.closePath();
  ctx.fillStyle = glow;
  ctx.fill();
}

function drawFlames(ctx: CanvasRenderingContext2D, snap: RenderSnapshot): void {
  // The ended episode stays on screen as a still; a flame frozen on a crashed lander looks like a glitch.
  if (snap.outcome !== undefined) return;
  if (snap.mainPower > 0) flame(ctx, snap, 0, MAIN_NOZZLE_Y, 0, -1, MAIN_FLAME_LENGTH * snap.mainPower, 0.4);
  if (snap.sidePower !== 0) {
    // The gas leaves on the side opposite to the push: action 1 (negative) vents to the right.
    const dir = Math.sign(snap.sidePower);
    const length = SIDE_FLAME_LENGTH * Math.abs(snap.sidePower);
    flame(ctx, snap, -dir * SIDE_NOZZLE_X, SIDE_NOZZLE_Y, -dir, 0, length, 0.2);
  }
}

function polygon(
  ctx: CanvasRenderingContext2D,
  flat: number[],
  fill: string,
  edge: string,
  scale: number,
): void {
  ctx.beginPath();
  ctx.moveTo(flat[0], flat[1]);
  for (let i = 2; i < flat.length; i += 2) ctx.lineTo(flat[i], flat[i + 1]);
  ctx.closePath();
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.strokeStyle = edge;
  ctx.lineWidth = 1.5 / scale;
  ctx.stroke();
}
