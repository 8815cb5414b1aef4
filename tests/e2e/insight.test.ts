/**
 * What the agent learned, in a real headless Chromium: the policy map as training goes and for two
 * networks, the legs' names across the views, the reward parts against the reward, the Bellman target's
 * arithmetic, the network view, and the Mars-rover lesson's table against an independent solver and its
 * DQN against that table.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { optimalQ } from '../lesson/marsRoverFixture';
import { chromiumForThisFile, openIn } from './harness';

const browser = chromiumForThisFile();

async function open(query = ''): Promise<{ page: Page; errors: string[] }> {
  // A context of its own, as the accessibility checker asks.
  const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
  // The engine named, so that start-up does not time every engine: this machine is shared and slow.
  const engine = query.includes('mode=learn') ? '' : `${query ? '&' : '?'}engine=kernel`;
  return openIn(await context.newPage(), `${query}${engine}`);
}

const mapCanvas = (page: Page) => page.getByRole('img', { name: 'Policy map' });
/** The map's pixels, once one has been painted (a blank canvas is all zeros). */
async function mapPixels(page: Page): Promise<string> {
  await expect
    .poll(() =>
      mapCanvas(page).evaluate((c: HTMLCanvasElement) =>
        c
          .getContext('2d')!
          .getImageData(0, 0, c.width, c.height)
          .data.some((v) => v > 0),
      ),
    )
    .toBe(true);
  return mapCanvas(page).evaluate((c: HTMLCanvasElement) => c.toDataURL());
}

const number = async (page: Page, selector: string) =>
  Number(await page.locator(selector).first().getAttribute('data-value'));

describe('the policy map', () => {
  it('changes as the agent trains, and with “Show value” shows V alone', async () => {
    const { page, errors } = await open();
    const before = await mapPixels(page);
    await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
    await page.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => mapPixels(page), { timeout: 60_000 }).not.toBe(before);
    const during = await mapPixels(page);
    await expect.poll(() => mapPixels(page), { timeout: 60_000 }).not.toBe(during);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.locator('[data-field="state"]').textContent()).toBe('paused');
    // Frozen once paused.
    const paused = await mapPixels(page);
    await page.waitForTimeout(800);
    expect(await mapPixels(page)).toBe(paused);
    await page.getByLabel('Show value').check();
    await expect.poll(() => mapPixels(page)).not.toBe(paused);
    await expect(page.getByRole('list', { name: 'Actions' }).count()).resolves.toBe(0);
    await page.getByLabel('Show value').uncheck();
    await expect.poll(() => mapPixels(page)).toBe(paused);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('differs between two networks for the same state', async () => {
    // Before the first step both maps are drawn for the same all-zero state: only the weights differ.
    const a = await open('?seed=0');
    const b = await open('?seed=1');
    const again = await open('?seed=0');
    const [pa, pb, pc] = await Promise.all([mapPixels(a.page), mapPixels(b.page), mapPixels(again.page)]);
    expect(pa).not.toBe(pb);
    expect(pa).toBe(pc);
    await Promise.all([a.page.close(), b.page.close(), again.page.close()]);
  }, 120_000);
});

describe('the leg contacts', () => {
  it('have one name each in the Q-network view, the reward breakdown and the flight page', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Start' }).click();
    const network = page.getByRole('figure', { name: 'Q-network' });
    await expect.poll(() => network.textContent()).toMatch(/Inputs x/);
    // The caption names the inputs s0 … s7 in order, each with its value.
    const inputs = /Inputs (.*?)\. Hidden/
      .exec((await network.textContent())!)![1]
      .split(', ')
      .map((input) => input.replace(/ -?\d+\.\d\d$/, ''));
    const breakdown = page.getByRole('region', { name: 'Reward breakdown' });
    const part = (key: string) => breakdown.locator(`tr[data-part="${key}"] th`).textContent();
    const parts = [(await part('rightLeg'))!.trim(), (await part('leftLeg'))!.trim()];

    await page.getByRole('button', { name: 'Fly it yourself' }).click();
    const rows = await page.getByRole('region', { name: 'Observation' }).locator('th').allTextContents();

    // Observation 6 is the leg on the right of the screen (tests/env/observation.test.ts).
    expect(inputs.slice(6)).toEqual(['right leg', 'left leg']);
    expect(parts).toEqual(['right leg down', 'left leg down']);
    expect(rows.slice(6)).toEqual(['s6 right leg', 's7 left leg']);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the drawn step', () => {
  it('splits the reward into parts that add up to it, and shows the Bellman target’s arithmetic', async () => {
    const { page, errors } = await open();
    await page.getByRole('button', { name: 'Start' }).click();
    const breakdown = page.getByRole('region', { name: 'Reward breakdown' });
    const bellman = page.getByRole('region', { name: 'Bellman target' });
    await breakdown.locator('[data-field="last-reward"]').waitFor();
    for (let look = 0; look < 6; look++) {
      // One read of the whole panel, so that every number comes from the same frame.
      const seen = await breakdown.evaluate((root) => {
        const value = (el: Element | null) => Number(el?.getAttribute('data-value'));
        const rows = [...root.querySelectorAll('tr[data-part]')];
        return {
          last: rows.map((r) => value(r.querySelectorAll('td')[1])),
          episode: rows.map((r) => value(r.querySelectorAll('td')[0])),
          reward: value(root.querySelector('[data-field="last-reward"]')),
          return: value(root.querySelector('[data-field="return"]')),
          parts: rows.map((r) => r.getAttribute('data-part')),
        };
      });
      expect(seen.parts).toEqual([
        'distance',
        'speed',
        'tilt',
        'rightLeg',
        'leftLeg',
        'mainFuel',
        'sideFuel',
        'terminal',
      ]);
      expect(seen.last.every(Number.isFinite)).toBe(true);
      expect(Math.abs(seen.last.reduce((s, x) => s + x, 0) - seen.reward)).toBeLessThan(1e-9);
      expect(Math.abs(seen.episode.reduce((s, x) => s + x, 0) - seen.return)).toBeLessThan(1e-6);

      const b = await bellman.evaluate((root) => {
        const value = (field: string) =>
          Number(root.querySelector(`[data-field="${field}"]`)?.getAttribute('data-value'));
        return {
          q: value('q'),
          r: value('reward'),
          next: value('next-value'),
          done: value('done'),
          gamma: value('gamma'),
          y: value('target'),
          td: value('td-error'),
        };
      });
      expect(Object.values(b).every(Number.isFinite)).toBe(true);
      expect(b.y).toBeCloseTo(b.r + b.gamma * (1 - b.done) * b.next, 9);
      expect(b.td).toBeCloseTo(b.y - b.q, 9);
      await page.waitForTimeout(300);
    }
    await expect
      .poll(() => breakdown.textContent())
      .toMatch(/discounted from the first step, G = Σ γᵗ rₜ = -?\d+\.\d with γ = 0\.995/);
    expect(await page.getByText(/effective horizon 1\/\(1 − γ\) = 200 steps = 4\.00 s/).count()).toBe(1);
    const network = page.getByRole('figure', { name: 'Q-network' });
    await expect
      .poll(() => network.textContent())
      .toMatch(/Inputs x -?\d\.\d\d, y .*angular velocity .*right leg .*left leg/);
    expect(await network.textContent()).toMatch(
      /Hidden layers of 64 and 64 ReLU units; \d+ and \d+ of them are at 0/,
    );
    expect(await network.textContent()).toMatch(/Q-values nothing -?\d+\.\d\d, left engine/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});

describe('the Mars-rover lesson', () => {
  const cell = (page: Page, state: number, action: 'left' | 'right', dqn = false) =>
    number(page, `[data-state="${state}"][data-${dqn ? 'dqn' : 'action'}="${action}"]`);
  async function table(page: Page, dqn = false): Promise<number[][]> {
    const rows: number[][] = [];
    for (let s = 1; s <= 6; s++)
      rows.push([await cell(page, s, 'left', dqn), await cell(page, s, 'right', dqn)]);
    return rows;
  }
  async function expectExact(page: Page, gamma: number, misstep: number) {
    const exact = optimalQ(gamma, misstep);
    await expect
      .poll(async () => {
        const shown = await table(page);
        return shown.flat().every((v, i) => Math.abs(v - exact.flat()[i]) < 1e-9);
      })
      .toBe(true);
  }

  it('is a third tab, and shows the course’s exact values for γ = 0.5', async () => {
    const { page, errors } = await open('?mode=learn');
    expect(await page.getByRole('button', { name: 'Learn the ideas' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    const region = page.getByRole('region', { name: 'Q-values' });
    await region.locator('[data-value]').first().waitFor();
    await expectExact(page, 0.5, 0);
    expect(await cell(page, 2, 'left')).toBe(50);
    expect(await cell(page, 2, 'right')).toBe(12.5);
    expect(await cell(page, 5, 'right')).toBe(20);
    expect(await page.getByText('optimal return 12.50').count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('follows γ and the misstep probability, and steps sweep by sweep', async () => {
    const { page } = await open('?mode=learn');
    for (const [gamma, misstep] of [
      [0.9, 0],
      [0.9, 0.2],
      [0.3, 0.1],
      [1, 0.5],
    ]) {
      await page.getByRole('slider', { name: 'Discount γ' }).fill(String(gamma));
      await page.getByRole('slider', { name: 'Misstep probability' }).fill(String(misstep));
      await expectExact(page, gamma, misstep);
    }
    await expect
      .poll(() => page.locator('.rover .return').filter({ hasText: 'expected return' }).count())
      .toBe(6);
    // The end rewards are editable; a bad one is named and the table stays as it was.
    await page.getByLabel('Reward at the right end').fill('80');
    const ends: [number, number] = [100, 80];
    await expect
      .poll(async () =>
        (await table(page)).flat().every((v, i) => Math.abs(v - optimalQ(1, 0.5, ends).flat()[i]) < 1e-9),
      )
      .toBe(true);
    await page.getByLabel('Reward at the right end').fill('5000');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('The reward at the right end must be a number from −1000 to 1000, got 5000');
    expect(await cell(page, 6, 'right')).toBe(80);
    await page.getByLabel('Reward at the right end').fill('40');
    await expect.poll(() => page.getByRole('alert').count()).toBe(0);
    await page.getByRole('slider', { name: 'Misstep probability' }).fill('0');
    await page.getByRole('slider', { name: 'Discount γ' }).fill('0.5');
    await page.getByRole('button', { name: 'From zero' }).click();
    await expect.poll(() => table(page)).toEqual(Array.from({ length: 6 }, () => [0, 0]));
    await page.getByRole('button', { name: 'One sweep' }).click();
    await expect
      .poll(() => table(page))
      .toEqual([
        [100, 100],
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
        [40, 40],
      ]);
    await page.getByRole('button', { name: 'One sweep' }).click();
    await expect.poll(() => cell(page, 2, 'left')).toBe(50);
    await page.getByRole('button', { name: 'To convergence' }).click();
    await expectExact(page, 0.5, 0);
    await page.close();
  }, 120_000);

  it('trains a DQN whose Q-values come within 5% of the exact table', async () => {
    const { page, errors } = await open('?mode=learn');
    await page.getByRole('slider', { name: 'Discount γ' }).fill('0.7');
    await expectExact(page, 0.7, 0);
    await page.getByRole('button', { name: 'Learn it with a DQN' }).click();
    const exact = optimalQ(0.7, 0);
    await expect
      .poll(
        async () => {
          if ((await page.locator('[data-dqn]').count()) < 12) return false;
          const learned = await table(page, true);
          return learned
            .flat()
            .every((v, i) => Math.abs(v - exact.flat()[i]) <= 0.05 * Math.abs(exact.flat()[i]));
        },
        { timeout: 120_000, interval: 1000 },
      )
      .toBe(true);
    await page.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => page.locator('[data-field="dqn-status"]').textContent()).toMatch(/stopped/);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it('passes the automatic accessibility checks, as do the playground’s new views', async () => {
    const lesson = await open('?mode=learn');
    await lesson.page.locator('[data-state="2"][data-action="left"]').waitFor();
    const onLesson = await new AxeBuilder({ page: lesson.page }).include('.lesson').analyze();
    expect(onLesson.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    const playground = await open();
    await playground.page.locator('[data-field="last-reward"]').waitFor();
    const views = await new AxeBuilder({ page: playground.page })
      .include('.policy-map')
      .include('.reward')
      .include('.bellman')
      .include('figure.network')
      .analyze();
    expect(views.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    await Promise.all([lesson.page.close(), playground.page.close()]);
  }, 120_000);
});
