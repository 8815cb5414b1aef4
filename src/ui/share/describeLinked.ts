/** What a shared model is, in words for the page: which weights, the network, its training and evaluation. */
import type { SharedModel } from '../../train/runs/modelLink';

export function describeLinked(model: SharedModel): string {
  const which = model.which === 'best' ? 'The best model of a run' : 'The latest model of a run';
  const trained = model.episodes !== null ? `, trained ${model.episodes} episodes` : '';
  const e = model.evaluation;
  const evaluation = e
    ? `; its greedy evaluation after episode ${e.episode}: mean ${e.mean.toFixed(1)} over ${e.episodes} ` +
      `moon${e.episodes === 1 ? '' : 's'}, ${Math.round(e.landingRate * 100)}% landed`
    : '';
  return `${which} (${model.config.hidden1}-${model.config.hidden2} network${trained})${evaluation}.`;
}
