/**
 * A command-line run brought into the page: the files the user picked (config.json and history.csv,
 * evaluations.csv and summary.json when the run has them) sorted by name, size-checked before reading,
 * and parsed with every refusal saying which file is wrong and why.
 */
import { MAX_RUN_FILE_BYTES, parseRunFiles } from './runFiles';
import type { Parsed, RunFiles } from './runFiles';

/** What the page needs of a File (so this stays testable without a DOM). */
export interface PickedFile {
  name: string;
  size: number;
  text(): Promise<string>;
}

type Role = 'config' | 'history' | 'evaluations' | 'summary';

function role(name: string): Role | null {
  const n = name.toLowerCase();
  if (n.endsWith('.csv')) return n.includes('evaluation') ? 'evaluations' : 'history';
  if (n.endsWith('.json')) return n.includes('summary') ? 'summary' : n.includes('config') ? 'config' : null;
  return null;
}

export async function readPickedRun(files: readonly PickedFile[]): Promise<Parsed<RunFiles>> {
  const byRole = new Map<Role, PickedFile>();
  for (const file of files) {
    const r = role(file.name);
    if (!r)
      return {
        ok: false,
        error: `${file.name} is not part of a run folder (config.json, history.csv, evaluations.csv, summary.json)`,
      };
    if (byRole.has(r))
      return {
        ok: false,
        error: `${byRole.get(r)!.name} and ${file.name} are both a ${r} file; pick one run's files`,
      };
    if (file.size > MAX_RUN_FILE_BYTES)
      return {
        ok: false,
        error: `${file.name} is ${file.size} bytes; a run file is at most ${MAX_RUN_FILE_BYTES}`,
      };
    byRole.set(r, file);
  }
  const missing = (['config', 'history'] as const).filter((r) => !byRole.has(r));
  if (missing.length)
    return {
      ok: false,
      error: `a run needs its config.json and history.csv together; ${missing.map((m) => (m === 'config' ? 'config.json' : 'history.csv')).join(' and ')} missing`,
    };
  const text = async (r: Role) => (byRole.has(r) ? byRole.get(r)!.text() : null);
  return parseRunFiles({
    config: (await text('config'))!,
    history: (await text('history'))!,
    evaluations: await text('evaluations'),
    summary: await text('summary'),
  });
}
