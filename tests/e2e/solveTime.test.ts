/**
 * What the page says of a solve is what happened: its time is training time, from Start to the solve with
 * time on the page before Start and every pause left out, so it can never exceed the wall time since Start.
 */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets';
import { chromiumForThisFile, openIn, trainFast } from './harness';

const browser = chromiumForThisFile();

/** The fast preset's seed 3 reaches the course's rule in under 300 episodes on the kernel. */
function fastSeed3(): string {
  const query = new URLSearchParams({ engine: 'kernel' });
  for (const [k, v] of Object.entries({ ...PRESETS.fast.config, seed: 3 })) query.set(k, String(v));
  return `?${query}`;
}

describe('the solve time', () => {
  it('counts training from Start, leaving out the time before it and a pause', async () => {
    const page = await browser().newPage({ viewport: { width: 1300, height: 900 } });
    const { errors } = await openIn(page, fastSeed3());
    await page.waitForTimeout(6_000); // reading the page before pressing Start
    const started = Date.now();
    await trainFast(page);
    await page.waitForTimeout(1_000);
    const pause = page.getByRole('button', { name: 'Pause' });
    await pause.click();
    await page.waitForTimeout(4_000); // a pause: no training time
    const paused = 4;
    await page.getByRole('button', { name: 'Start' }).click();
    const banner = page.locator('.banner.solved');
    await expect.poll(() => banner.count(), { timeout: 180_000 }).toBe(1);
    const wall = (Date.now() - started) / 1000;
    const text = (await banner.locator('strong').textContent()) ?? '';
    const seconds = Number(/, ([\d.]+) s\)/.exec(text)?.[1]);
    expect(seconds, text).toBeGreaterThan(0);
    expect(
      seconds,
      `${text}; ${wall.toFixed(1)} s on the wall since Start, ${paused} s of it paused`,
    ).toBeLessThan(wall - paused + 0.5);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);
});
