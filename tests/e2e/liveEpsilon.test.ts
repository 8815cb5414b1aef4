/**
 * A control shows the value it sets: while a run trains, ε shrinks episode by episode, and the ε control
 * shows that live ε (a change sets it), so one step of the slider moves ε by one step from where it is.
 */
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile, field, openIn, trainPast } from './harness';

const browser = chromiumForThisFile();

describe('the ε control', () => {
  it('shows the live ε while training, and a step of it moves ε from there', async () => {
    const page = await browser().newPage({ viewport: { width: 1300, height: 900 } });
    const { errors } = await openIn(page);
    const slider = page.getByLabel('Exploration ε', { exact: true });
    const shown = page.getByLabel('Exploration ε value', { exact: true });
    expect(await shown.inputValue()).toBe('1'); // before the run: where it starts
    await trainPast(page, 30);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => field(page, 'state').textContent()).toBe('paused');
    const live = Number(await field(page, 'epsilon').textContent());
    expect(live).toBeLessThan(0.9);
    await expect.poll(() => shown.inputValue()).toBe(String(live));
    await slider.focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => shown.inputValue()).not.toBe(String(live));
    const after = Number(await field(page, 'epsilon').textContent());
    expect(after).toBeLessThan(live);
    expect(after).toBeGreaterThan(live - 0.02);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
