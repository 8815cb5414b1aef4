/**
 * Live changes made in quick succession while training: every chart's mark labels stay clear of each other
 * and inside the plot, on a desktop screen and on a phone's, and every change is named by some label.
 */
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile, openIn, trainPast } from './harness';

const browser = chromiumForThisFile();

/** What a chart reports of its labels (TrainingCharts.tsx, `data-mark-labels`), in CSS pixels. */
interface Report {
  chart: string;
  plot: { left: number; right: number };
  labels: { x: number; y: number; width: number; height: number; text: string; marks: number }[];
}

const CHANGES = 6;

describe('mark labels on the training curves', () => {
  it.each([
    { width: 1440, height: 900 },
    { width: 390, height: 844 },
  ])(
    'never overlap nor leave the plot at $width×$height',
    async (viewport) => {
      const page = await browser().newPage({ viewport });
      const { errors } = await openIn(page);
      await trainPast(page, 5);

      // On a narrow screen the settings and the curves are tabs below the lander.
      const narrow = viewport.width <= 1000;
      if (narrow) await page.getByRole('tab', { name: 'Settings' }).click();
      // γ and the learning rate in turn, each a mark of its own even within one episode.
      const gamma = page.getByRole('slider', { name: 'Discount γ', exact: true });
      const learningRate = page.getByRole('slider', { name: 'Learning rate', exact: true });
      for (let i = 0; i < CHANGES / 2; i++) {
        await gamma.focus();
        await page.keyboard.press('ArrowLeft');
        await learningRate.focus();
        await page.keyboard.press('ArrowLeft');
      }
      const listed = page.getByRole('list', { name: 'Changes marked on the curves' }).getByRole('listitem');
      if (narrow) await page.getByRole('tab', { name: 'Curves' }).click();
      await expect.poll(() => listed.count()).toBe(CHANGES);

      const reports = () =>
        page.locator('[data-mark-labels]').evaluateAll((roots) =>
          roots.map((root) => ({
            chart: (root.parentElement as HTMLElement).dataset.chart!,
            ...(JSON.parse((root as HTMLElement).dataset.markLabels!) as Omit<Report, 'chart'>),
          })),
        );
      // Training goes on, so the episodes marked come into every chart's view.
      let charts: Report[] = [];
      await expect
        .poll(
          async () => {
            charts = await reports();
            return charts.map((c) => c.labels.reduce((n, label) => n + label.marks, 0));
          },
          { timeout: 60_000 },
        )
        .toEqual([CHANGES, CHANGES, CHANGES, CHANGES, CHANGES]);

      const overlaps: string[] = [];
      const outside: string[] = [];
      for (const { chart, plot, labels } of charts) {
        for (const [i, a] of labels.entries()) {
          for (const b of labels.slice(i + 1)) {
            const apart =
              a.x >= b.x + b.width || b.x >= a.x + a.width || a.y >= b.y + b.height || b.y >= a.y + a.height;
            if (!apart) overlaps.push(`${chart}: “${a.text}” over “${b.text}”`);
          }
          // 0.01: the report divides device pixels by the pixel ratio, which may round.
          if (a.x < plot.left - 0.01 || a.x + a.width > plot.right + 0.01)
            outside.push(`${chart}: “${a.text}”`);
        }
      }
      expect(overlaps).toEqual([]);
      expect(outside).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    },
    180_000,
  );
});
