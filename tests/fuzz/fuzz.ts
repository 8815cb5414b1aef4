/**
 * Property runs for the fuzz tests: 200 cases a property in CI, FUZZ_RUNS of them on demand
 * (`npm run fuzz`). Each property logs how many cases it ran, so a CI log shows what was checked.
 */
import fc from 'fast-check';

const fromEnv = Number(process.env.FUZZ_RUNS);
export const RUNS = Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 200;

/** A test timeout that grows with the number of cases (`msPerCase` each, at least a minute). */
export const timeoutFor = (msPerCase: number) => Math.max(60_000, RUNS * msPerCase);

function report(name: string, details: fc.RunDetails<unknown>): void {
  console.log(`${name}: ${details.numRuns} cases`);
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : '';
  throw new Error(`${fc.defaultReportMessage(details) ?? `${name} failed`}\n${cause}`);
}

export function check<T>(name: string, property: fc.IProperty<T>, runs = RUNS): void {
  report(name, fc.check(property, { numRuns: runs }) as fc.RunDetails<unknown>);
}

export async function checkAsync<T>(
  name: string,
  property: fc.IAsyncProperty<T>,
  runs = RUNS,
): Promise<void> {
  report(name, (await fc.check(property, { numRuns: runs })) as fc.RunDetails<unknown>);
}

/** Messages a reader can act on: no engine-internal wording, bounded length. */
export function readable(message: string): boolean {
  return (
    message.length > 0 &&
    message.length < 400 &&
    !/Cannot read prop|is not a function|is not iterable|undefined is not|of undefined|of null|\[object Object\]/.test(
      message,
    )
  );
}
