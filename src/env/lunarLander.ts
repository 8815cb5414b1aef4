/**
 * Gymnasium's LunarLander-v3 on planck.js: same constants, bodies, random draws, observation, reward and
 * termination, so that a seed gives Gymnasium's moon and a return of 200 means what it means there.
 * SPEC.md (Gymnasium at 3f0476a8, pybox2d 2.3.10 = Box2D 2.3.0) is the reference for every rule below.
 *
 * One file, as Gymnasium's lunar_lander.py is one: constants, bodies, reset and step read top to bottom
 * beside the reference, and the order of every random draw stays in one place. What is not the lander's own
 * (planck's differences from Box2D, portable trigonometry, the joint solver) lives in physics/.
 */
import { show } from './show';
import { Box, Edge, Polygon, RevoluteJoint, Vec2, World } from 'planck';
import type { Body, Contact } from 'planck';
import { followBox2dPairOrder, followBox2dWaking } from './physics/box2dCompat';
import { installPortableTrig } from './physics/planckTrig';
import { cos, sin, tanh } from './physics/portableMath';
import { REWARD_PART_KEYS, sumRewardParts } from './rewardParts';
import { solveWithoutAllocation } from './physics/revoluteSolver';
import { NumpyRandom } from './rng';
import type { SavedRandom } from './rng';
import type {
  Action,
  LunarLanderOptions,
  Outcome,
  RandomSource,
  RenderSnapshot,
  ResetResult,
  RewardParts,
  StepInfo,
  StepResult,
} from './types';

export const FPS = 50;
const SCALE = 30.0; // px per metre
const VELOCITY_ITERATIONS = 6 * 30;
const POSITION_ITERATIONS = 2 * 30;

const MAIN_ENGINE_POWER = 13.0;
const SIDE_ENGINE_POWER = 0.6;
const INITIAL_RANDOM = 1000.0;

const LANDER_POLY: readonly (readonly [number, number])[] = [
  [-14, 17],
  [-17, 0],
  [-17, -10],
  [17, -10],
  [17, 0],
  [14, 17],
];
const LEG_AWAY = 20;
const LEG_DOWN = 18;
const LEG_W = 2; // half-width
const LEG_H = 8; // half-height
const LEG_SPRING_TORQUE = 40;

const SIDE_ENGINE_HEIGHT = 14;
const SIDE_ENGINE_AWAY = 12;
// Gymnasium uses a bare 17 here where SIDE_ENGINE_HEIGHT was probably meant; reproduced as is.
const SIDE_ENGINE_X = 17;
const MAIN_ENGINE_Y_LOCATION = 4;

const VIEWPORT_W = 600;
const VIEWPORT_H = 400;
const W = VIEWPORT_W / SCALE;
const H = VIEWPORT_H / SCALE;
const CHUNKS = 11;
const HELIPAD_Y = H / 4;
const PAD_CHUNK = Math.floor(CHUNKS / 2); // the pad spans chunks PAD_CHUNK − 1 to PAD_CHUNK + 1

const DEFAULTS = {
  continuous: false,
  gravity: -10.0,
  enableWind: false,
  windPower: 15.0,
  turbulencePower: 1.5,
  maxEpisodeSteps: 1000,
};

/** The world's size in metres (the view's 600 × 400 px at 30 px per metre). */
export const WORLD_WIDTH = W;
export const WORLD_HEIGHT = H;

/** Observation entries 0 and 1 of a lander whose body is at world position (x, y) in metres. */
export function observedPosition(x: number, y: number): [number, number] {
  return [(x - W / 2) / (W / 2), (y - (HELIPAD_Y + LEG_DOWN / SCALE)) / (H / 2)];
}

type Leg = { body: Body; groundContact: boolean };

/** Box2D stores every number as float32; rounding what we hand planck keeps its inputs identical. */
const f32 = Math.fround;

export class LunarLander {
  readonly continuous: boolean;
  readonly gravity: number;
  readonly enableWind: boolean;
  readonly windPower: number;
  readonly turbulencePower: number;
  readonly maxEpisodeSteps: number;

  private rng: RandomSource | null;
  private readonly rngInjected: boolean;
  /** The generator's state as the current episode began, so that a checkpoint can rebuild the episode. */
  private rngAtReset: SavedRandom | null = null;

  private world: World | null = null;
  private lander!: Body;
  private legs!: [Leg, Leg];
  private gameOver = false;
  /** The shaping potential's five terms at this step and the step before (reused, not reallocated). */
  private readonly shapingTerms = new Float64Array(5);
  private readonly previousTerms = new Float64Array(5);
  private hasPreviousTerms = false;
  private windIdx = 0;
  private torqueIdx = 0;
  private elapsedSteps = 0;
  private ended = false;
  private outcome: Outcome | undefined;

  private terrainX: number[] = [];
  private terrainHeight: number[] = [];
  private terrainY: number[] = [];
  private moon!: Body;
  /** Wind force and turbulence torque applied in the last step, or null when none was (wind off, leg down). */
  lastWind: readonly [number, number] | null = null;
  private lastMainPower = 0;
  private lastSidePower = 0;

  constructor(options: LunarLanderOptions = {}) {
    const o = { ...DEFAULTS, ...stripUndefined(options) };
    if (!Number.isFinite(o.gravity) || !(o.gravity > -12 && o.gravity < 0)) {
      throw new RangeError(`gravity must be strictly between -12 and 0, got ${show(o.gravity)}`);
    }
    if (!Number.isFinite(o.windPower) || o.windPower < 0) {
      throw new RangeError(`windPower must be a finite number ≥ 0, got ${show(o.windPower)}`);
    }
    if (!Number.isFinite(o.turbulencePower) || o.turbulencePower < 0) {
      throw new RangeError(`turbulencePower must be a finite number ≥ 0, got ${show(o.turbulencePower)}`);
    }
    if (!Number.isInteger(o.maxEpisodeSteps) || o.maxEpisodeSteps < 1) {
      throw new RangeError(`maxEpisodeSteps must be a positive integer, got ${show(o.maxEpisodeSteps)}`);
    }
    this.continuous = o.continuous;
    this.gravity = o.gravity;
    this.enableWind = o.enableWind;
    this.windPower = o.windPower;
    this.turbulencePower = o.turbulencePower;
    this.maxEpisodeSteps = o.maxEpisodeSteps;
    this.rng = options.rng ?? null;
    this.rngInjected = options.rng !== undefined;
    // Engines differ in Math.sin & co.'s last bit; portable trig makes a seed's episode the same everywhere.
    installPortableTrig();
  }

  /**
   * Starts an episode. With a seed, the generator is re-seeded (Gymnasium's `reset(seed=…)`); without one
   * the stream carries on from the previous episode.
   */
  /** The generator state the current episode began from (null with an injected generator). */
  get episodeStart(): SavedRandom | null {
    return this.rngAtReset;
  }

  /** Starts the episode that began from `start` again (then replay its actions to reach any step of it). */
  resetFrom(start: SavedRandom): ResetResult {
    if (this.rngInjected) throw new Error('resetFrom: this env draws from an injected rng');
    this.rng = NumpyRandom.restore(start);
    return this.reset();
  }

  reset(seed?: number): ResetResult {
    if (seed !== undefined) {
      if (!Number.isSafeInteger(seed) || seed < 0) {
        throw new RangeError(`seed must be a non-negative integer up to 2^53 − 1, got ${show(seed)}`);
      }
      if (this.rngInjected) {
        throw new Error('reset(seed): this env draws from an injected rng, which a seed cannot re-seed');
      }
      this.rng = NumpyRandom.fromSeed(seed);
    }
    const rng = (this.rng ??= NumpyRandom.fromSeed(entropySeed()));
    this.rngAtReset = rng instanceof NumpyRandom ? rng.save() : null;

    // A brand-new world every episode (Gymnasium v3); the old one is dropped without end-contact callbacks.
    const world = new World({ gravity: Vec2(0, f32(this.gravity)) });
    followBox2dPairOrder(world);
    this.world = world;
    this.gameOver = false;
    this.hasPreviousTerms = false;
    this.elapsedSteps = 0;
    this.ended = false;
    this.outcome = undefined;

    this.buildTerrain(world, rng);
    this.lander = this.buildLander(world);
    this.lander.applyForceToCenter(
      Vec2(
        f32(rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM)),
        f32(rng.uniform(-INITIAL_RANDOM, INITIAL_RANDOM)),
      ),
      true,
    );
    if (this.enableWind) {
      this.windIdx = rng.integers(-9999, 9999);
      this.torqueIdx = rng.integers(-9999, 9999);
    }
    this.legs = [this.buildLeg(world, -1), this.buildLeg(world, +1)];

    world.on('begin-contact', (contact: Contact) => this.beginContact(contact));
    world.on('end-contact', (contact: Contact) => this.endContact(contact));

    // Gymnasium's reset runs one no-op step (draws, wind, physics) whose reward is discarded.
    const { observation } = this.advance(this.continuous ? [0, 0] : 0);
    return { observation, info: {} };
  }

  step(action: Action): StepResult {
    if (this.world === null) throw new Error('step() called before reset()');
    if (this.ended) throw new Error('step() called after the episode ended; call reset() first');
    this.checkAction(action);
    const result = this.advance(action);
    this.elapsedSteps++;
    if (this.elapsedSteps >= this.maxEpisodeSteps) {
      result.truncated = true;
      if (!result.terminated) result.info.outcome = 'time_limit';
    }
    if (result.terminated || result.truncated) {
      this.ended = true;
      this.outcome = result.info.outcome;
    }
    return result;
  }

  /** One env step as Gymnasium's `LunarLander.step` does it (without the TimeLimit wrapper). */
  private advance(action: Action): StepResult {
    const rng = this.rng as RandomSource;
    const lander = this.lander;

    this.lastWind = null;
    if (this.enableWind && !(this.legs[0].groundContact || this.legs[1].groundContact)) {
      const wind = windMagnitude(this.windIdx) * this.windPower;
      this.windIdx += 1;
      lander.applyForceToCenter(Vec2(f32(wind), 0), true);
      const torque = windMagnitude(this.torqueIdx) * this.turbulencePower;
      this.torqueIdx += 1;
      lander.applyTorque(f32(torque), true);
      this.lastWind = [wind, torque];
    }

    const angle = f32(lander.getAngle());
    const tipX = sin(angle);
    const tipY = cos(angle);
    const sideX = -tipY;
    const sideY = tipX;
    const d0 = rng.uniform(-1.0, +1.0) / SCALE;
    const d1 = rng.uniform(-1.0, +1.0) / SCALE;
    const originX = f32(lander.getPosition().x);
    const originY = f32(lander.getPosition().y);

    let mPower = 0.0;
    const fireMain = typeof action === 'number' ? action === 2 : action[0] > 0.0;
    if (fireMain) {
      mPower = typeof action === 'number' ? 1.0 : (clip(action[0], 0.0, 1.0) + 1.0) * 0.5;
      const ox = tipX * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) + sideX * d1;
      const oy = -tipY * (MAIN_ENGINE_Y_LOCATION / SCALE + 2 * d0) - sideY * d1;
      lander.applyLinearImpulse(
        Vec2(f32(-ox * MAIN_ENGINE_POWER * mPower), f32(-oy * MAIN_ENGINE_POWER * mPower)),
        Vec2(f32(originX + ox), f32(originY + oy)),
        true,
      );
    }

    let sPower = 0.0;
    let direction = 0;
    const fireSide =
      typeof action === 'number' ? action === 1 || action === 3 : Math.abs(clip(action[1], -1, 1)) > 0.5;
    if (fireSide) {
      if (typeof action === 'number') {
        direction = action - 2;
        sPower = 1.0;
      } else {
        const lateral = clip(action[1], -1, 1);
        direction = Math.sign(lateral);
        sPower = clip(Math.abs(lateral), 0.5, 1.0);
      }
      const ox = tipX * d0 + sideX * (3 * d1 + (direction * SIDE_ENGINE_AWAY) / SCALE);
      const oy = -tipY * d0 - sideY * (3 * d1 + (direction * SIDE_ENGINE_AWAY) / SCALE);
      lander.applyLinearImpulse(
        Vec2(f32(-ox * SIDE_ENGINE_POWER * sPower), f32(-oy * SIDE_ENGINE_POWER * sPower)),
        Vec2(
          f32(originX + ox - (tipX * SIDE_ENGINE_X) / SCALE),
          f32(originY + oy + (tipY * SIDE_ENGINE_HEIGHT) / SCALE),
        ),
        true,
      );
    }
    this.lastMainPower = mPower;
    this.lastSidePower = direction * sPower;

    (this.world as World).step(1.0 / FPS, VELOCITY_ITERATIONS, POSITION_ITERATIONS);

    // Box2D hands back float32 values; the observation arithmetic is double on those.
    const pos = lander.getPosition();
    const vel = lander.getLinearVelocity();
    const s0 = (f32(pos.x) - W / 2) / (W / 2);
    const s1 = (f32(pos.y) - (HELIPAD_Y + LEG_DOWN / SCALE)) / (H / 2);
    const s2 = (f32(vel.x) * (W / 2)) / FPS;
    const s3 = (f32(vel.y) * (H / 2)) / FPS;
    const s4 = f32(lander.getAngle());
    const s5 = (20.0 * f32(lander.getAngularVelocity())) / FPS;
    // legs[0] stands on the right (observation.ts names them).
    const s6 = this.legs[0].groundContact ? 1.0 : 0.0;
    const s7 = this.legs[1].groundContact ? 1.0 : 0.0;

    // Gymnasium's reward is the change of a shaping potential, less the fuel burnt. It is summed here
    // term by term (the potential's five terms, then the fuel), so that the parts in `info` add up to the
    // reward exactly; only the last bits of rounding differ from summing the potential first.
    const terms = this.shapingTerms;
    terms[0] = -100 * Math.sqrt(s0 * s0 + s1 * s1);
    terms[1] = -100 * Math.sqrt(s2 * s2 + s3 * s3);
    terms[2] = -100 * Math.abs(s4);
    terms[3] = 10 * s6;
    terms[4] = 10 * s7;
    const prev = this.previousTerms;
    const first = !this.hasPreviousTerms;
    const parts: RewardParts = {
      distance: first ? 0 : terms[0] - prev[0],
      speed: first ? 0 : terms[1] - prev[1],
      tilt: first ? 0 : terms[2] - prev[2],
      rightLeg: first ? 0 : terms[3] - prev[3],
      leftLeg: first ? 0 : terms[4] - prev[4],
      mainFuel: -(mPower * 0.3),
      sideFuel: -(sPower * 0.03),
      terminal: 0,
    };
    prev.set(terms);
    this.hasPreviousTerms = true;

    let terminated = false;
    const info: StepInfo = { rewardParts: parts };
    // Terminal rewards replace the step's reward, and coming to rest beats a crash in the same step.
    if (this.gameOver || Math.abs(s0) >= 1.0) {
      terminated = true;
      parts.terminal = -100;
      info.outcome = this.gameOver ? 'crashed' : 'out_of_bounds';
    }
    if (!lander.isAwake()) {
      terminated = true;
      parts.terminal = +100;
      info.outcome = 'landed';
    }
    if (terminated) {
      for (const key of REWARD_PART_KEYS) if (key !== 'terminal') parts[key] = 0;
    }
    const reward = sumRewardParts(parts);

    const observation = new Float32Array(8);
    observation[0] = s0;
    observation[1] = s1;
    observation[2] = s2;
    observation[3] = s3;
    observation[4] = s4;
    observation[5] = s5;
    observation[6] = s6;
    observation[7] = s7;
    return { observation, reward, terminated, truncated: false, info };
  }

  private buildTerrain(world: World, rng: RandomSource): void {
    const height: number[] = [];
    for (let i = 0; i < CHUNKS + 1; i++) height.push(rng.uniform(0, H / 2));
    const chunkX: number[] = [];
    for (let i = 0; i < CHUNKS; i++) chunkX.push((W / (CHUNKS - 1)) * i);
    for (let i = PAD_CHUNK - 2; i <= PAD_CHUNK + 2; i++) height[i] = HELIPAD_Y;
    // 0.33, not 1/3, and index -1 wraps to the last drawn height, as Python's negative indexing does.
    const smoothY = chunkX.map(
      (_, i) => 0.33 * (height[(i + CHUNKS) % (CHUNKS + 1)] + height[i] + height[i + 1]),
    );

    const moon = world.createBody();
    followBox2dWaking(moon);
    moon.createFixture(new Edge(Vec2(0, 0), Vec2(f32(W), 0))); // Box2D's default fixture: friction 0.2
    for (let i = 0; i < CHUNKS - 1; i++) {
      const edge = new Edge(
        Vec2(f32(chunkX[i]), f32(smoothY[i])),
        Vec2(f32(chunkX[i + 1]), f32(smoothY[i + 1])),
      );
      moon.createFixture(edge, { density: 0, friction: 0.1 });
    }
    this.moon = moon;
    this.terrainX = chunkX;
    this.terrainHeight = height;
    this.terrainY = smoothY;
  }

  private buildLander(world: World): Body {
    const lander = world.createBody({ type: 'dynamic', position: Vec2(f32(W / 2), f32(H)), angle: 0 });
    followBox2dWaking(lander);
    lander.createFixture(new Polygon(LANDER_POLY.map(([x, y]) => Vec2(f32(x / SCALE), f32(y / SCALE)))), {
      density: 5.0,
      friction: 0.1,
      restitution: 0.0,
      filterCategoryBits: 0x0010,
      filterMaskBits: 0x001,
    });
    return lander;
  }

  /** i = -1 builds legs[0], the right-hand leg; i = +1 the left one. */
  private buildLeg(world: World, i: -1 | 1): Leg {
    const body = world.createBody({
      type: 'dynamic',
      position: Vec2(f32(W / 2 - (i * LEG_AWAY) / SCALE), f32(H)),
      angle: f32(i * 0.05),
    });
    followBox2dWaking(body);
    // Friction is left to Box2D's default 0.2, as Gymnasium leaves it.
    body.createFixture(new Box(f32(LEG_W / SCALE), f32(LEG_H / SCALE)), {
      density: 1.0,
      restitution: 0.0,
      filterCategoryBits: 0x0020,
      filterMaskBits: 0x001,
    });
    // No referenceAngle: planck's default (bodyB.angle − bodyA.angle = ±0.05) is what pybox2d sets.
    const joint = world.createJoint(
      new RevoluteJoint({
        bodyA: this.lander,
        bodyB: body,
        localAnchorA: Vec2(0, 0),
        localAnchorB: Vec2(f32((i * LEG_AWAY) / SCALE), f32(LEG_DOWN / SCALE)),
        enableMotor: true,
        enableLimit: true,
        maxMotorTorque: LEG_SPRING_TORQUE,
        motorSpeed: f32(+0.3 * i),
        lowerAngle: f32(i === -1 ? +0.9 - 0.5 : -0.9),
        upperAngle: f32(i === -1 ? +0.9 : -0.9 + 0.5),
      }),
    )!;
    solveWithoutAllocation(joint);
    return { body, groundContact: false };
  }

  private beginContact(contact: Contact): void {
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    if (a === this.lander || b === this.lander) this.gameOver = true;
    for (const leg of this.legs) if (a === leg.body || b === leg.body) leg.groundContact = true;
  }

  private endContact(contact: Contact): void {
    const a = contact.getFixtureA().getBody();
    const b = contact.getFixtureB().getBody();
    for (const leg of this.legs) if (a === leg.body || b === leg.body) leg.groundContact = false;
  }

  /** Throws a TypeError if this env does not take `action`; changes nothing. */
  checkAction(action: Action): void {
    if (this.continuous) {
      if (
        typeof action === 'number' ||
        !Array.isArray(action) ||
        action.length !== 2 ||
        !Number.isFinite(action[0]) ||
        !Number.isFinite(action[1])
      ) {
        throw new TypeError(`action must be a pair [main, lateral] of finite numbers, got ${show(action)}`);
      }
    } else if (!(action === 0 || action === 1 || action === 2 || action === 3)) {
      throw new TypeError(`action must be an integer 0–3, got ${show(action)}`);
    }
  }

  /** Everything a renderer needs for one frame; allocates a few small arrays, cheap at display rate. */
  renderSnapshot(): RenderSnapshot {
    if (this.world === null) throw new Error('renderSnapshot() called before reset()');
    return {
      lander: worldPolygon(this.lander),
      legs: [worldPolygon(this.legs[0].body), worldPolygon(this.legs[1].body)],
      legContacts: [this.legs[0].groundContact, this.legs[1].groundContact],
      x: this.lander.getPosition().x,
      y: this.lander.getPosition().y,
      angle: this.lander.getAngle(),
      terrainX: this.terrainX,
      terrainY: this.terrainY,
      helipadX1: this.terrainX[PAD_CHUNK - 1],
      helipadX2: this.terrainX[PAD_CHUNK + 1],
      helipadY: this.terrainY[PAD_CHUNK],
      mainPower: this.lastMainPower,
      sidePower: this.lastSidePower,
      worldWidth: W,
      worldHeight: H,
      outcome: this.outcome,
    };
  }

  /** Terrain as built by the last reset: chunk x positions, drawn heights (pad overwritten), smoothed heights. */
  get terrain(): { chunkX: readonly number[]; height: readonly number[]; smoothY: readonly number[] } {
    return { chunkX: this.terrainX, height: this.terrainHeight, smoothY: this.terrainY };
  }

  /** The moon's edges as the physics engine holds them, [x1, y1, x2, y2] in creation order. */
  moonEdges(): [number, number, number, number][] {
    const edges: [number, number, number, number][] = [];
    for (let f = this.moon.getFixtureList(); f; f = f.getNext()) {
      const e = f.getShape() as Edge;
      edges.unshift([e.m_vertex1.x, e.m_vertex1.y, e.m_vertex2.x, e.m_vertex2.y]);
    }
    return edges;
  }

  /** Position, angle and velocities of lander, legs[0], legs[1] (18 numbers), for parity checks. */
  bodyStates(): number[] {
    const out: number[] = [];
    for (const b of [this.lander, this.legs[0].body, this.legs[1].body]) {
      const p = b.getPosition();
      const v = b.getLinearVelocity();
      out.push(p.x, p.y, b.getAngle(), v.x, v.y, b.getAngularVelocity());
    }
    return out;
  }
}

/** Gymnasium's wind profile: tanh(sin(0.02·k) + sin(π·0.01·k)), evaluated in this operand order. */
function windMagnitude(k: number): number {
  return tanh(sin(0.02 * k) + sin(Math.PI * 0.01 * k));
}

function worldPolygon(body: Body): number[] {
  const shape = body.getFixtureList()!.getShape() as Polygon;
  const out: number[] = [];
  for (const v of shape.m_vertices) {
    const p = body.getWorldPoint(v);
    out.push(p.x, p.y);
  }
  return out;
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A seed for an env that was never given one, as Gymnasium seeds from OS entropy. */
function entropySeed(): number {
  const words = new Uint32Array(2);
  globalThis.crypto.getRandomValues(words);
  return words[0] * 2 ** 21 + (words[1] >>> 11);
}
