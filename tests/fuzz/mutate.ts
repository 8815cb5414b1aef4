/** Random mutations of plain data (a parsed model.json, a checkpoint): one change at one place in it. */
import fc from 'fast-check';

type Path = (string | number)[];

/** Every path to a value inside `value` (objects, arrays; typed arrays count as leaves). */
export function paths(value: unknown, prefix: Path = []): Path[] {
  const found: Path[] = [prefix];
  if (value && typeof value === 'object' && !ArrayBuffer.isView(value)) {
    for (const [k, v] of Object.entries(value)) {
      found.push(...paths(v, [...prefix, Array.isArray(value) ? Number(k) : k]));
    }
  }
  return found;
}

export type Mutation =
  { kind: 'delete' } | { kind: 'replace'; with: unknown } | { kind: 'extra'; key: string; with: unknown };

/** Odd values in the places numbers, strings and arrays were. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    NaN,
    Infinity,
    -Infinity,
    -1,
    0,
    1e9,
    2 ** 53,
    -0,
    0.5,
    null,
    undefined,
    '',
    'float16',
    'int32',
  ),
  fc.constantFrom([], {}, [1e9, 1e9], [-4, 4], [4.5], new Float32Array(3), new Float32Array([NaN])),
  fc.anything({ maxDepth: 2 }),
);

export const mutationArb: fc.Arbitrary<{ at: number; mutation: Mutation }> = fc.record({
  at: fc.nat(),
  mutation: fc.oneof(
    fc.constant({ kind: 'delete' } as const),
    oddValue.map((v) => ({ kind: 'replace', with: v }) as const),
    fc.record({ kind: fc.constant('extra' as const), key: fc.string({ maxLength: 12 }), with: oddValue }),
  ),
});

/** A copy of `value` with `mutation` applied at the `at`-th of its paths (modulo their number). */
export function mutate<T>(value: T, { at, mutation }: { at: number; mutation: Mutation }): unknown {
  const copy = structuredClone(value) as unknown;
  const all = paths(copy);
  const path = all[at % all.length];
  if (path.length === 0) {
    if (mutation.kind === 'replace') return mutation.with;
    if (mutation.kind === 'delete') return undefined;
  }
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  const target = path.length ? parent[last] : copy;
  if (mutation.kind === 'extra') {
    if (target && typeof target === 'object' && !Array.isArray(target) && !ArrayBuffer.isView(target)) {
      (target as Record<string, unknown>)[mutation.key] = mutation.with;
    }
  } else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = mutation.with;
  return copy;
}
