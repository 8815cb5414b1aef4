/**
 * A run folder's evaluations.csv and summary.json as generated input, as the page's import and `sweep
 * --collect` read them: with and without the confirmation columns, cells of any text, summaries whose
 * `solved` and `proven` are reports, booleans, null or anything. Parsing never throws; a refusal names the
 * file and reads well; what is accepted holds only finite numbers and landing rates in [0, 1].
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluationsCsv } from '../../src/train/runs/history';
import { parseEvaluationsCsv, parseSummaryJson } from '../../src/train/runs/runFiles';
import type { EvaluationReport, GreedyReport } from '../../src/train/loop/evaluation';
import { messyText } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';

const count = fc.integer({ min: 0, max: 100 });
const greedyArb: fc.Arbitrary<GreedyReport> = fc
  .record({
    episode: fc.integer({ min: 1, max: 100_000 }),
    mean: fc.double({ min: -1000, max: 400, noNaN: true }),
    std: fc.double({ min: 0, max: 300, noNaN: true }),
    outcomes: fc.record({ landed: count, crashed: count, out_of_bounds: count, time_limit: count }),
  })
  .filter((r) => Object.values(r.outcomes).some((n) => n > 0))
  .map((r) => {
    const episodes = Object.values(r.outcomes).reduce((a, b) => a + b, 0);
    // + 0: a mean of −0 is written "0", as any CSV writes it.
    return { ...r, mean: r.mean + 0, std: r.std + 0, episodes, landingRate: r.outcomes.landed / episodes };
  });
const evaluationArb: fc.Arbitrary<EvaluationReport> = fc
  .tuple(greedyArb, fc.option(greedyArb, { nil: undefined }))
  .map(([e, c]) => (c ? { ...e, confirmation: { ...c, episode: e.episode } } : e));

/** A written file with some cells replaced by generated text. */
const damagedCsv = fc
  .tuple(fc.array(evaluationArb, { maxLength: 6 }), fc.array(fc.tuple(fc.nat(), fc.nat(), messyText)))
  .map(([evaluations, damage]) => {
    const rows = evaluationsCsv(evaluations)
      .split('\n')
      .map((r) => r.split(','));
    for (const [i, j, text] of damage) {
      const row = rows[i % rows.length];
      row[j % row.length] = text;
    }
    return rows.map((r) => r.join(',')).join('\n');
  });

const milestoneArb = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.record({ episode: fc.nat(), envSteps: fc.nat(), seconds: fc.double() }),
  fc.anything(),
);

describe('run files under generated input', () => {
  it(
    'evaluations.csv: what the app writes reads back, confirmations included; damage is refused by name',
    () => {
      check(
        'evaluations.csv as written',
        fc.property(fc.array(evaluationArb, { maxLength: 8 }), (evaluations) => {
          const r = parseEvaluationsCsv(evaluationsCsv(evaluations));
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          expect(r.value.map((p) => p.confirmMean ?? null)).toEqual(
            evaluations.map((e) => e.confirmation?.mean ?? null),
          );
          expect(r.value.map((p) => p.confirmLandingRate ?? null)).toEqual(
            evaluations.map((e) => e.confirmation?.landingRate ?? null),
          );
        }),
      );
      check(
        'evaluations.csv damaged',
        fc.property(damagedCsv, (text) => {
          const r = parseEvaluationsCsv(text);
          if (!r.ok) {
            expect(r.error).toMatch(/^evaluations\.csv /);
            expect(readable(r.error)).toBe(true);
            return;
          }
          for (const p of r.value) {
            for (const v of [p.episode, p.mean, p.landingRate, p.confirmMean ?? 0, p.confirmLandingRate ?? 0])
              expect(Number.isFinite(v)).toBe(true);
            for (const rate of [p.landingRate, p.confirmLandingRate ?? 0]) {
              expect(rate).toBeGreaterThanOrEqual(0);
              expect(rate).toBeLessThanOrEqual(1);
            }
            expect(p.confirmMean === undefined).toBe(p.confirmLandingRate === undefined);
          }
        }),
      );
    },
    timeoutFor(20),
  );

  it(
    'summary.json: solved and proven read as reports, booleans or nothing, never a throw',
    () => {
      check(
        'summary.json',
        fc.property(
          fc.oneof(
            fc.record({ solved: milestoneArb, proven: milestoneArb, best: fc.anything() }),
            fc.anything(),
          ),
          (data) => {
            const r = parseSummaryJson(JSON.stringify(data) ?? 'null');
            if (!r.ok) {
              expect(r.error).toMatch(/^summary\.json /);
              return;
            }
            for (const m of [r.value.solved, r.value.proven]) expect([true, false, null]).toContain(m);
          },
        ),
      );
    },
    timeoutFor(5),
  );
});
