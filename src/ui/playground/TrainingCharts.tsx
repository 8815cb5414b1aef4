/**
 * Live curves (uPlot): return per episode with the mean of the last 100, the greedy evaluations as points
 * with their ±1 standard deviation, and the 200 line; ε; loss; mean max-Q; steps per second. Redrawn at
 * most once per animation frame however fast episodes arrive; marks show where a setting changed and where
 * the run was solved, their labels laid out clear of each other (markLabels.ts). Drag to zoom, double-click
 * to zoom out.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { SOLVED_RETURN } from '../../config/courseRule';
import { history, useTraining } from './trainingStore';
import type { Mark } from './chartMarks';
import { layoutMarkLabels } from './markLabels';

interface ChartSpec {
  title: string;
  series: {
    label: string;
    column: keyof typeof history;
    color: string;
    width?: number;
    /** Points only, with a whisker of ± this column (the evaluations, one every so many episodes). */
    spread?: keyof typeof history;
  }[];
  /** A horizontal reference line. */
  line?: number;
  log?: boolean;
}

const EVAL_COLOR = '#ff4fd8';

const CHARTS: ChartSpec[] = [
  {
    title: 'Return per episode',
    series: [
      { label: 'return', column: 'return', color: 'rgba(128, 102, 230, 0.45)', width: 1 },
      { label: 'mean of last 100', column: 'avg100', color: '#f5b642', width: 2 },
      { label: 'greedy evaluation ± std', column: 'evalMean', color: EVAL_COLOR, spread: 'evalStd' },
    ],
    line: SOLVED_RETURN,
  },
  { title: 'Exploration ε', series: [{ label: 'ε', column: 'epsilon', color: '#5fd68b' }] },
  { title: 'Loss', series: [{ label: 'loss', column: 'loss', color: '#e66f66' }], log: true },
  { title: 'Mean max Q', series: [{ label: 'max Q', column: 'meanMaxQ', color: '#66b3e6' }] },
  { title: 'Steps per second', series: [{ label: 'steps/s', column: 'stepsPerSecond', color: '#c9c9d9' }] },
];

/** Each point of a `spread` series gets a vertical whisker from mean − std to mean + std. */
function spreadPlugin(spec: ChartSpec): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const ctx = u.ctx;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.beginPath();
        ctx.rect(left, top, width, height);
        ctx.clip();
        ctx.lineWidth = 1.5 * devicePixelRatio;
        spec.series.forEach((s, k) => {
          if (!s.spread || !u.series[k + 1].show) return;
          const means = u.data[k + 1];
          const spread = history[s.spread];
          ctx.strokeStyle = s.color;
          ctx.beginPath();
          for (let i = 0; i < means.length; i++) {
            const m = means[i];
            const d = spread[i];
            if (m === null || m === undefined || d === null || d === undefined) continue;
            const x = u.valToPos(u.data[0][i], 'x', true);
            ctx.moveTo(x, u.valToPos(m - d, 'y', true));
            ctx.lineTo(x, u.valToPos(m + d, 'y', true));
          }
          ctx.stroke();
        });
        ctx.restore();
      },
    },
  };
}

/** A label as drawn on the canvas, in CSS pixels from its top left corner, and how many marks it names. */
interface LabelReport {
  x: number;
  y: number;
  width: number;
  height: number;
  text: string;
  marks: number;
}

/**
 * The labels the canvas holds and the plot's left and right edges, kept on the chart (`data-mark-labels`)
 * where the browser tests read them: what a canvas draws cannot be queried otherwise. Rewritten only when
 * they change.
 */
function reportLabels(u: uPlot, labels: LabelReport[]): void {
  const { left, width } = u.bbox;
  const plot = { left: left / devicePixelRatio, right: (left + width) / devicePixelRatio };
  const json = JSON.stringify({ plot, labels });
  if (u.root.dataset.markLabels !== json) u.root.dataset.markLabels = json;
}

// A mark's label, in CSS pixels: its font, its row's height (at most three rows, in the plot's upper
// half), and the padding around its text, which is also the space kept beside its line and its neighbours.
const LABEL_FONT = 11;
const LABEL_ROW = 14;
const LABEL_PAD = 3;
const LABEL_BACKDROP = 'rgba(11, 15, 26, 0.8)';
const markColor = (mark: Mark) => (mark.label === 'solved' ? '#5fd68b' : 'rgba(245, 182, 66, 0.8)');

function marksPlugin(getMarks: () => Mark[], line?: number): uPlot.Plugin {
  // The labels last drawn, in CSS pixels within the plot, with the marks each names: hovering one shows
  // them all, which a merged or shortened label cannot.
  let drawn: { x: number; y: number; width: number; names: string }[] = [];
  return {
    hooks: {
      ready: (u) => {
        u.over.addEventListener('mousemove', (e) => {
          const hit = drawn.find(
            (d) =>
              e.offsetX >= d.x &&
              e.offsetX <= d.x + d.width &&
              e.offsetY >= d.y &&
              e.offsetY <= d.y + LABEL_ROW,
          );
          if (hit) u.over.title = hit.names;
          else u.over.removeAttribute('title');
        });
      },
      draw: (u) => {
        const ctx = u.ctx;
        const dpr = devicePixelRatio;
        const { left, top, width, height } = u.bbox;
        ctx.save();
        ctx.lineWidth = dpr;
        if (line !== undefined) {
          const y = u.valToPos(line, 'y', true);
          if (y >= top && y <= top + height) {
            ctx.strokeStyle = 'rgba(95, 214, 139, 0.8)';
            ctx.setLineDash([6, 4]);
            ctx.beginPath();
            ctx.moveTo(left, y);
            ctx.lineTo(left + width, y);
            ctx.stroke();
          }
        }
        ctx.setLineDash([2, 3]);
        const inView = getMarks()
          .map((mark) => ({ mark, x: u.valToPos(mark.episode, 'x', true), label: mark.label }))
          .filter(({ x }) => x >= left && x <= left + width);
        for (const { mark, x } of inView) {
          ctx.strokeStyle = markColor(mark);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }

        ctx.font = `${LABEL_FONT * dpr}px system-ui, sans-serif`;
        // Set both: uPlot leaves the context aligned as it drew its last axis.
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        const row = LABEL_ROW * dpr;
        const pad = LABEL_PAD * dpr;
        const boxes = layoutMarkLabels(inView, {
          left,
          width,
          rows: Math.max(1, Math.min(3, Math.floor(height / 2 / row))),
          gap: pad,
          measure: (text) => ctx.measureText(text).width + 2 * pad,
        });
        for (const box of boxes) {
          const y = top + box.row * row;
          ctx.fillStyle = LABEL_BACKDROP;
          ctx.fillRect(box.x, y, box.width, row);
          ctx.fillStyle = markColor(inView[box.marks[0]].mark);
          ctx.fillText(box.text, box.x + pad, y + row / 2);
        }
        ctx.restore();

        drawn = boxes.map((box) => ({
          x: (box.x - left) / dpr,
          y: box.row * LABEL_ROW,
          width: box.width / dpr,
          names: box.marks.map((i) => `Episode ${inView[i].mark.episode}: ${inView[i].label}`).join('\n'),
        }));
        reportLabels(
          u,
          boxes.map((box) => ({
            x: box.x / dpr,
            y: (top + box.row * row) / dpr,
            width: box.width / dpr,
            height: LABEL_ROW,
            text: box.text,
            marks: box.marks.length,
          })),
        );
      },
    },
  };
}

export function TrainingCharts() {
  const boxes = useRef<(HTMLDivElement | null)[]>([]);
  const marks = useTraining((s) => s.marks);
  useEffect(() => {
    const getMarks = () => useTraining.getState().marks;
    const zoomed = CHARTS.map(() => false);
    const plots = CHARTS.map((spec, i) => {
      const box = boxes.current[i]!;
      const plot = new uPlot(
        {
          width: box.clientWidth || 400,
          height: 150,
          title: spec.title,
          scales: { x: { time: false }, y: spec.log ? { distr: 3 } : {} },
          axes: [
            { stroke: '#b8b8c8', grid: { stroke: 'rgba(255,255,255,0.06)' } },
            { stroke: '#b8b8c8', grid: { stroke: 'rgba(255,255,255,0.06)' }, size: 56 },
          ],
          series: [
            { label: 'episode' },
            ...spec.series.map((s) =>
              s.spread
                ? {
                    label: s.label,
                    stroke: s.color,
                    paths: () => null,
                    points: { show: true, size: 7, fill: s.color, stroke: s.color },
                  }
                : { label: s.label, stroke: s.color, width: s.width ?? 1.5, points: { show: false } },
            ),
          ],
          plugins: [marksPlugin(getMarks, spec.line), spreadPlugin(spec)],
          hooks: { setSelect: [() => void (zoomed[i] = true)] },
        },
        [[], ...spec.series.map(() => [])],
        box,
      );
      plot.over.addEventListener('dblclick', () => (zoomed[i] = false));
      return plot;
    });

    let pending = true;
    let frame = 0;
    const redraw = () => {
      frame = 0;
      if (!pending) return;
      pending = false;
      plots.forEach((plot, i) => {
        const data = [
          history.episode,
          ...CHARTS[i].series.map((s) => history[s.column]),
        ] as uPlot.AlignedData;
        plot.setData(data, !zoomed[i]);
      });
    };
    const schedule = () => {
      pending = true;
      if (!frame) frame = requestAnimationFrame(redraw);
    };
    const unsubscribe = useTraining.subscribe((s, prev) => {
      if (s.historyVersion !== prev.historyVersion || s.marks !== prev.marks) schedule();
    });
    const resize = new ResizeObserver(() =>
      plots.forEach((plot, i) => plot.setSize({ width: boxes.current[i]!.clientWidth, height: 150 })),
    );
    boxes.current.forEach((b) => resize.observe(b!));
    schedule();
    return () => {
      unsubscribe();
      resize.disconnect();
      cancelAnimationFrame(frame);
      plots.forEach((p) => p.destroy());
    };
  }, []);

  return (
    <section className="charts" aria-label="Training curves">
      {CHARTS.map((spec, i) => (
        <div
          key={spec.title}
          className="chart"
          role="img"
          aria-label={`Chart of ${spec.series.map((s) => s.label).join(' and ')} per episode`}
          data-chart={spec.series[0].column}
          ref={(el) => {
            boxes.current[i] = el;
          }}
        />
      ))}
      <ul className="visually-hidden" aria-label="Changes marked on the curves">
        {marks.map((mark, i) => (
          <li key={i}>
            Episode {mark.episode}: {mark.label}
          </li>
        ))}
      </ul>
    </section>
  );
}
