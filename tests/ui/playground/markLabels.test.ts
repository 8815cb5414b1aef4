import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layoutMarkLabels } from '../../../src/ui/playground/markLabels';
import type { LabelBox, MarkLabelLayout } from '../../../src/ui/playground/markLabels';

/** Every character 10 wide: a label's width is ten times its length. */
const tens = (text: string) => Array.from(text).length * 10;
const PLOT: MarkLabelLayout = { left: 50, width: 400, rows: 3, gap: 4, measure: tens };
const at = (...xs: number[]) => xs.map((x, i) => ({ x, label: `m${i}` }));

describe('mark labels laid out on a chart', () => {
  it('put a label right of its line, in the top row, when there is room', () => {
    expect(layoutMarkLabels([{ x: 100, label: 'γ 0.9' }], PLOT)).toEqual([
      { text: 'γ 0.9', x: 104, width: 50, row: 0, marks: [0] },
    ]);
  });

  it('put it left of its line near the plot’s right edge, and against that edge when neither side has room', () => {
    expect(layoutMarkLabels([{ x: 440, label: 'γ 0.9' }], PLOT)[0].x).toBe(440 - 4 - 50);
    const wide = 'x'.repeat(39); // 390 of the plot's 400
    expect(layoutMarkLabels([{ x: 200, label: wide }], PLOT)[0]).toMatchObject({ x: 450 - 390, row: 0 });
  });

  it('stack labels that would touch into the rows below, and reuse a row once clear', () => {
    const rows = layoutMarkLabels(at(100, 110, 120, 300), PLOT).map((b) => [b.text, b.row]);
    expect(rows).toEqual([
      ['m0', 0],
      ['m1', 1],
      ['m2', 2],
      ['m3', 0],
    ]);
  });

  it('merge the labels that find no free row into the one before, counting them', () => {
    const boxes = layoutMarkLabels(at(100, 100, 100, 100, 100), PLOT);
    expect(boxes.map((b) => [b.text, b.row, b.marks])).toEqual([
      ['m0', 0, [0]],
      ['m1', 1, [1]],
      ['m2 +2 more', 2, [2, 3, 4]],
    ]);
  });

  it('cut a merged label to the width it had rather than swallow the label before it', () => {
    // “cccccccccc +1 more” (180) fits neither side of its line in the one row, next to “aaaaaaaaaa”.
    const marks = [
      { x: 100, label: 'aaaaaaaaaa' },
      { x: 300, label: 'cccccccccc' },
      { x: 302, label: 'd' },
    ];
    expect(layoutMarkLabels(marks, { ...PLOT, rows: 1 })).toEqual([
      { text: 'aaaaaaaaaa', x: 104, width: 100, row: 0, marks: [0] },
      { text: 'c… +1 more', x: 304, width: 100, row: 0, marks: [1, 2] },
    ]);
  });

  it('lay out marks given in any order by their place on the plot', () => {
    const boxes = layoutMarkLabels(at(300, 100), PLOT);
    expect(boxes.map((b) => b.marks)).toEqual([[1], [0]]);
  });

  it('cut a label wider than the plot short, and give up only when not even “…” fits', () => {
    const narrow = { ...PLOT, width: 60 };
    expect(layoutMarkLabels([{ x: 80, label: 'Learning rate 0.0005' }], narrow)).toEqual([
      { text: 'Learn…', x: 50, width: 60, row: 0, marks: [0] },
    ]);
    // Two marks at one place, one row: “abc +1 more” is 110 wide, so “abc” is cut to fit 100.
    const merged = [
      { x: 60, label: 'abc' },
      { x: 60, label: 'd' },
    ];
    expect(layoutMarkLabels(merged, { ...narrow, width: 100, rows: 1 })).toEqual([
      { text: 'a… +1 more', x: 50, width: 100, row: 0, marks: [0, 1] },
    ]);
    expect(layoutMarkLabels(merged, { ...narrow, width: 89, rows: 1 })).toEqual([]); // “… +1 more” is 90
    expect(layoutMarkLabels(at(60), { ...narrow, width: 9 })).toEqual([]); // “…” is 10
  });
});

/** Widths as a canvas's are: each character its own width, a text the sum of its characters'. */
const measureArb = fc
  .array(fc.double({ min: 0.5, max: 14, noNaN: true }), { minLength: 1, maxLength: 8 })
  .map((w) => (text: string) => Array.from(text).reduce((s, c) => s + w[c.codePointAt(0)! % w.length], 0));

const caseArb = fc
  .record({
    left: fc.double({ min: 0, max: 100, noNaN: true }),
    width: fc.double({ min: 1, max: 900, noNaN: true }),
    rows: fc.integer({ min: 1, max: 4 }),
    gap: fc.double({ min: 0, max: 8, noNaN: true }),
    measure: measureArb,
  })
  .chain((layout) =>
    fc.record({
      layout: fc.constant(layout),
      marks: fc.array(
        fc.record({
          // Marks bunch up as live changes do: many at or near one place.
          x: fc.oneof(
            fc.double({ min: layout.left, max: layout.left + layout.width, noNaN: true }),
            fc.constantFrom(layout.left, layout.left + layout.width, layout.left + layout.width / 2),
          ),
          label: fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
        }),
        { maxLength: 40 },
      ),
    }),
  );

const intersect = (a: LabelBox, b: LabelBox) => a.row === b.row && a.x < b.x + b.width && b.x < a.x + a.width;

describe('mark labels for any marks on any plot', () => {
  it('never intersect, stay within the plot, and name every mark once', () => {
    fc.assert(
      fc.property(caseArb, ({ layout, marks }) => {
        const boxes = layoutMarkLabels(marks, layout);
        if (boxes.length === 0) {
          // Only with no marks, or a plot too narrow for the shortest label some group of them could need.
          const shortest = (n: number) => layout.measure(n === 1 ? '…' : `… +${n - 1} more`);
          const tooNarrow = marks.some((_, i) => shortest(i + 1) > layout.width);
          expect(marks.length === 0 || tooNarrow).toBe(true);
          return;
        }
        const named = boxes.flatMap((b) => b.marks).sort((a, b) => a - b);
        expect(named).toEqual(marks.map((_, i) => i));
        // Within the plot to within rounding: a label against an edge ends at left + width − its width + its width.
        const ulps = 1e-12 * (layout.left + layout.width);
        for (const [i, box] of boxes.entries()) {
          expect(box.x).toBeGreaterThanOrEqual(layout.left - ulps);
          expect(box.x + box.width).toBeLessThanOrEqual(layout.left + layout.width + ulps);
          expect(box.row).toBeGreaterThanOrEqual(0);
          expect(box.row).toBeLessThan(layout.rows);
          expect(box.width).toBe(layout.measure(box.text));
          // Its text is its first mark's label, or that label cut short, then the count of the others.
          const [first, ...others] = box.marks;
          const more = others.length ? ` +${others.length} more` : '';
          expect(box.text.endsWith(more)).toBe(true);
          const start = box.text.slice(0, box.text.length - more.length);
          const label = marks[first].label;
          expect(start === label || (start.endsWith('…') && label.startsWith(start.slice(0, -1)))).toBe(true);
          // A merged label names marks next to each other on the plot, the first being its leftmost.
          for (const m of others) expect(marks[m].x).toBeGreaterThanOrEqual(marks[first].x);
          for (const other of boxes.slice(i + 1)) {
            expect(intersect(box, other), `“${box.text}” and “${other.text}”`).toBe(false);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
