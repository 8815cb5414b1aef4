/** How the page words a confirmation (train/loop/evaluation.ts): what a model did on moons that did not choose it. */
import type { GreedyReport } from '../../train/host/protocol';

/** "lands 97 of 100 unseen moons, mean 241 ± 23" */
export function landsOn(c: GreedyReport): string {
  return `lands ${c.outcomes.landed} of ${c.episodes} unseen moons, mean ${c.mean.toFixed(0)} ± ${c.std.toFixed(0)}`;
}
