/**
 * Several runs on one uPlot chart: each run's mean of the last 100 (solid), its ε (dashed, right axis)
 * and its evaluation points (dots), in the run's colour. Rebuilt when the set of runs changes.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { alignRuns } from '../../train/runs/comparedRun';
import type { ComparedRun } from '../../train/runs/comparedRun';
import { SOLVED_RETURN } from '../../config/courseRule';

const HEIGHT = 260;

function solvedLine(): uPlot.Plugin {
  return {
    hooks: {
      draw: (u) => {
        const y = u.valToPos(SOLVED_RETURN, 'y', true);
        const { left, top, width, height } = u.bbox;
        if (y < top || y > top + height) return;
        u.ctx.save();
        u.ctx.strokeStyle = 'rgba(95, 214, 139, 0.8)';
        u.ctx.lineWidth = devicePixelRatio;
        u.ctx.setLineDash([6, 4]);
        u.ctx.beginPath();
        u.ctx.moveTo(left, y);
        u.ctx.lineTo(left + width, y);
        u.ctx.stroke();
        u.ctx.restore();
      },
    },
  };
}

function chartData(runs: readonly ComparedRun[]): uPlot.AlignedData {
  const aligned = alignRuns(runs);
  return [
    aligned.episode,
    ...aligned.runs.flatMap((r) => [r.avg100, r.epsilon, r.evaluation]),
  ] as uPlot.AlignedData;
}

export function CompareChart({
  runs,
  colours,
}: {
  runs: readonly ComparedRun[];
  colours: readonly string[];
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const ids = runs.map((r) => r.id).join('\n');

  useEffect(() => {
    const el = box.current!;
    const series: uPlot.Series[] = [{ label: 'episode' }];
    runs.forEach((r, i) => {
      const stroke = colours[i];
      series.push(
        { label: `${r.name}: mean of 100`, stroke, width: 2, points: { show: false } },
        { label: `${r.name}: ε`, stroke, width: 1, dash: [4, 4], scale: 'ε', points: { show: false } },
        {
          label: `${r.name}: evaluation`,
          stroke,
          width: 0,
          paths: () => null,
          points: { show: true, size: 8, fill: stroke, stroke },
        },
      );
    });
    plot.current = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        title: 'Mean of the last 100 returns, evaluations (dots) and ε (dashed)',
        legend: { show: false },
        scales: { x: { time: false }, ε: { range: [0, 1] } },
        axes: [
          { stroke: '#b8b8c8', grid: { stroke: 'rgba(255,255,255,0.06)' } },
          { stroke: '#b8b8c8', grid: { stroke: 'rgba(255,255,255,0.06)' }, size: 56 },
          { scale: 'ε', side: 1, stroke: '#b8b8c8', grid: { show: false }, size: 40 },
        ],
        series,
        plugins: [solvedLine()],
      },
      chartData(runs),
      el,
    );
    const resize = new ResizeObserver(() => plot.current?.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // The chart is rebuilt for another set of runs; new data for the same runs goes through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids]);

  useEffect(() => {
    plot.current?.setData(chartData(runs));
  }, [runs]);

  return <div className="chart compare-chart" ref={box} data-runs={runs.length} />;
}
