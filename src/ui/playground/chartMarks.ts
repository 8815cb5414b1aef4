/**
 * Labels on the training curves at the episode where something changed: a live setting, a preset, the
 * run being solved. Each function returns the marks with the new one added; the store keeps them.
 */

export interface Mark {
  episode: number;
  label: string;
  /** The setting it marks; a slider dragged within one episode leaves one mark, not dozens. */
  key?: string;
}

/** A live setting's new value; within one episode it replaces that setting's last mark. */
export function markSetting(
  marks: readonly Mark[],
  episode: number,
  key: string,
  label: string,
  value: unknown,
): Mark[] {
  const shown = typeof value === 'number' ? Number(value.toPrecision(3)) : value;
  const mark = { episode, key, label: `${label} ${String(shown)}` };
  const last = marks[marks.length - 1];
  const same = last?.key === key && last.episode === episode;
  return [...(same ? marks.slice(0, -1) : marks), mark];
}

export const markPreset = (marks: readonly Mark[], episode: number, name: string): Mark[] => [
  ...marks,
  { episode, label: `preset ${name}` },
];

export const markSolved = (marks: readonly Mark[], episode: number): Mark[] => [
  ...marks,
  { episode, label: 'solved' },
];
