/**
 * What the page's controls say and its address keeps, in a real Chromium: the Preset menu shows the
 * preset the settings equal (and "custom" once they depart from it), `?preset=` opens on that preset, and
 * the tab survives a reload.
 */
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile, field, openIn, textOf, WAIT } from './harness';

const browser = chromiumForThisFile();

const open = async (query = '') =>
  openIn(await browser().newPage({ viewport: { width: 1300, height: 900 } }), query);

describe('the address and the controls', () => {
  it('opens ?preset=fast on fast’s settings, and the Preset menu shows fast', async () => {
    const { page, errors } = await open('?preset=fast&gamma=0.98');
    await expect.poll(() => field(page, 'learningRate').textContent(), WAIT).toBe('0.002');
    expect(await page.getByLabel('Learn every N steps value').inputValue()).toBe('8');
    expect(await page.getByLabel('Discount γ value').inputValue()).toBe('0.98');
    expect(await textOf(page.getByRole('alert'))).toBe('');
    // γ departs from fast, so the menu says custom until fast is chosen again.
    const preset = page.getByLabel('Preset');
    expect(await preset.inputValue()).toBe('custom');
    await preset.selectOption('fast');
    await expect.poll(() => preset.inputValue(), WAIT).toBe('fast');
    await expect.poll(() => page.url()).toMatch(/\?preset=fast$/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the preset the settings equal, and custom once a live setting moves', async () => {
    const { page } = await open();
    const preset = page.getByLabel('Preset');
    await expect.poll(() => preset.inputValue(), WAIT).toBe('lab');
    await page.getByLabel('Learning rate value').fill('0.0004');
    await page.getByLabel('Learning rate value').press('Enter');
    await expect.poll(() => field(page, 'learningRate').textContent(), WAIT).toBe('0.0004');
    expect(await preset.inputValue()).toBe('custom');
    await page.close();
  });

  it('keeps the tab in the address, so a reload opens it again', async () => {
    const { page } = await open();
    const fly = page.getByRole('button', { name: 'Fly it yourself' });
    await fly.click();
    await expect.poll(() => new URL(page.url()).searchParams.get('mode')).toBe('fly');
    await page.reload();
    await expect.poll(() => fly.getAttribute('aria-pressed'), WAIT).toBe('true');
    await page.getByRole('button', { name: 'Train the agent' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('mode')).toBe(false);
    await page.close();
  });
});
