/**
 * Where the labels of a chart's marks go, so that none covers another or runs off the plot. Live changes
 * come in bursts (a slider moved a few times, a preset) at nearly one episode, and the small charts are
 * narrow, so labels written beside their lines would print over each other.
 *
 * Each label sits beside its mark's line, to the right, or to the left where the right has no room, in the
 * first row from the top where it clears the labels already there. A label with no free row joins the one
 * before it: that label keeps its first mark's text and counts the rest (“γ 0.99 +2 more”), cut short with
 * “…” to the width it had if it no longer fits whole (else it too joins the one before). A label wider than
 * the plot is cut short. Pure: positions and widths in, boxes out, in any one unit.
 */

export interface MarkLabelLayout {
  /** The plot's left edge and width. */
  left: number;
  width: number;
  /** Rows of labels from the top of the plot: at least one. */
  rows: number;
  /** Kept between a label and its line, and between two labels in one row. */
  gap: number;
  /** The width a text's box takes: for a canvas, its measureText width and any padding. */
  measure: (text: string) => number;
}

export interface LabelBox {
  text: string;
  /** Left edge, and width (`measure(text)`). */
  x: number;
  width: number;
  row: number;
  /** The marks it names, as indices into the marks laid out, in order of x; more than one when merged. */
  marks: number[];
}

/** What a merged label adds after its first mark's text. */
const moreText = (others: number) => (others ? ` +${others} more` : '');

/**
 * One box per label for `marks`, whose lines lie within the plot: inside it, and together naming every mark
 * once. None when the plot is too narrow even for “… +N more”.
 */
export function layoutMarkLabels(
  marks: readonly { x: number; label: string }[],
  layout: MarkLabelLayout,
): LabelBox[] {
  const widths = new Map<string, number>();
  const measure = (text: string) => {
    let w = widths.get(text);
    if (w === undefined) widths.set(text, (w = layout.measure(text)));
    return w;
  };
  const order = marks.map((_, i) => i).sort((a, b) => marks[a].x - marks[b].x);
  const boxes: LabelBox[] = [];
  for (const i of order) {
    let group = [i];
    // The width of the label this group last joined: cut that short, the merged label fits where it was.
    let joined = 0;
    for (;;) {
      const { label, x } = marks[group[0]];
      const more = moreText(group.length - 1);
      const full = fitText(label, more, layout.width, measure);
      if (full === null) return [];
      let box = place(full, measure(full), x, group, boxes, layout);
      const short = !box && joined ? fitText(label, more, joined, measure) : null;
      if (short) box = place(short, measure(short), x, group, boxes, layout);
      if (box) {
        boxes.push(box);
        break;
      }
      // No row has room: the label before joins this one (the labels before that are laid out as they
      // would be without it, so nothing else moves).
      const before = boxes.pop()!;
      group = [...before.marks, ...group];
      joined = before.width;
    }
  }
  return boxes;
}

/** The text itself if it fits `width`, else its start cut short with “…” before `more`; null if nothing does. */
function fitText(label: string, more: string, width: number, measure: (t: string) => number): string | null {
  const full = label + more;
  if (measure(full) <= width) return full;
  const chars = Array.from(label);
  for (let n = chars.length - 1; n >= 0; n--) {
    const cut = `${chars.slice(0, n).join('')}…${more}`;
    if (measure(cut) <= width) return cut;
  }
  return null;
}

/** The box beside the line at `x` in the first row where it clears `boxes`, or null when none has room. */
function place(
  text: string,
  width: number,
  x: number,
  marks: number[],
  boxes: readonly LabelBox[],
  { left, width: plotWidth, rows, gap }: MarkLabelLayout,
): LabelBox | null {
  const right = left + plotWidth;
  // Right of the line; else left of it; else (a label nearly as wide as the plot) against the right edge.
  let at = x + gap;
  if (at + width > right) at = x - gap - width >= left ? x - gap - width : right - width;
  for (let row = 0; row < rows; row++) {
    const clear = boxes.every((b) => b.row !== row || at + width + gap <= b.x || b.x + b.width + gap <= at);
    if (clear) return { text, x: at, width, row, marks };
  }
  return null;
}
