/**
 * The env's arguments as generated input: actions, seeds and options of any type. A bad argument is
 * refused with a TypeError or RangeError saying what was expected (calls in the wrong order, such as
 * step() before reset(), are a plain Error naming the call); a refused call leaves the env exactly as it
 * was, so a twin env that never saw it steps on identically.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LunarLander } from '../../src/env/lunarLander';
import { VecLunarLander } from '../../src/env/vecLunarLander';
import { check, readable, timeoutFor } from './fuzz';

const oddArg = fc.oneof(
  fc.anything(),
  fc.constantFrom(-1, 4, 1.5, NaN, Infinity, -0, 2 ** 53, '1', [1], [0.5, 0.5], [NaN, 0], [0, 0, 0], null),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 5 }), fc.double()), { maxLength: 4 }),
  fc.integer({ min: 0, max: 3 }),
);

function refusedWith(call: () => unknown): Error | null {
  try {
    call();
    return null;
  } catch (e) {
    return e as Error;
  }
}

const expectNamed = (e: Error) => {
  expect(e instanceof TypeError || e instanceof RangeError, `${e.name}: ${e.message}`).toBe(true);
  expect(readable(e.message), e.message).toBe(true);
};

describe('LunarLander under generated arguments', () => {
  it(
    'step: refuses a bad action, and the episode goes on as if it had not been offered',
    () => {
      check(
        'env steps',
        fc.property(
          fc.boolean(),
          fc.nat({ max: 1000 }),
          fc.array(oddArg, { maxLength: 6 }),
          (continuous, seed, offered) => {
            const env = new LunarLander({ continuous });
            const twin = new LunarLander({ continuous });
            env.reset(seed);
            twin.reset(seed);
            for (const action of offered) {
              const e = refusedWith(() => env.step(action as never));
              if (e) {
                if (/after the episode ended/.test(e.message)) return;
                expectNamed(e);
                continue;
              }
              const t = twin.step(action as never);
              expect(env.renderSnapshot()).toEqual(twin.renderSnapshot());
              if (t.terminated || t.truncated) return;
            }
            const valid = continuous ? [0.3, -0.6] : 2;
            expect(env.step(valid as never)).toEqual(twin.step(valid as never));
          },
        ),
      );
    },
    timeoutFor(10),
  );

  it(
    'reset and the constructor: bad seeds and options are refused by name',
    () => {
      check(
        'env reset and options',
        fc.property(
          oddArg,
          fc.record(
            {
              gravity: oddArg,
              windPower: oddArg,
              turbulencePower: oddArg,
              maxEpisodeSteps: oddArg,
              enableWind: oddArg,
            },
            { requiredKeys: [] },
          ),
          (seed, options) => {
            const made = refusedWith(() => new LunarLander(options as never));
            if (made) expectNamed(made);
            const env = new LunarLander();
            env.reset(3);
            const before = env.renderSnapshot();
            const e = refusedWith(() => env.reset(seed as never));
            if (e) {
              expectNamed(e);
              expect(env.renderSnapshot()).toEqual(before);
            }
          },
        ),
      );
    },
    timeoutFor(10),
  );
});

describe('VecLunarLander under generated arguments', () => {
  it(
    'step: refuses bad actions whole, before any env moves',
    () => {
      check(
        'vec env steps',
        fc.property(
          fc.integer({ min: 1, max: 4 }),
          fc.oneof(oddArg, fc.array(oddArg, { maxLength: 5 })),
          (n, actions) => {
            const env = new VecLunarLander(n);
            const twin = new VecLunarLander(n);
            env.reset(11);
            twin.reset(11);
            const e = refusedWith(() => env.step(actions as never));
            if (!e) {
              twin.step(actions as never);
            } else expectNamed(e);
            const valid = new Array(n).fill(1);
            expect(env.step(valid).observations).toEqual(twin.step(valid).observations);
            expect(env.checkpoint()).toEqual(twin.checkpoint());
          },
        ),
      );
    },
    timeoutFor(10),
  );

  it(
    'reset and the constructor: bad seeds and sizes are refused by name',
    () => {
      check(
        'vec env reset',
        fc.property(oddArg, oddArg, (n, seed) => {
          const made = refusedWith(() => new VecLunarLander(n as never));
          if (made) expectNamed(made);
          const env = new VecLunarLander(2);
          const e = refusedWith(() => env.reset(seed as never));
          if (e) expectNamed(e);
        }),
      );
    },
    timeoutFor(10),
  );
});
