/**
 * base^n for a whole n ≥ 0 by repeated squaring. Only multiplications, which every engine rounds alike,
 * so the same bits everywhere: V8's `**` and Math.pow give different last bits in Node 20 and in Chromium
 * even for whole exponents, and Adam's bias corrections 1 − β^t would then part a run's updates.
 */
export function integerPower(base: number, n: number): number {
  let result = 1;
  let square = base;
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result *= square;
    square *= square;
  }
  return result;
}
