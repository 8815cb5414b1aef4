/** A run folder on disk (as `npm run train --out` writes it) read into RunFiles, and whether it is finished. */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunFiles } from '../runs/runFiles';
import type { Parsed, RunFiles } from '../runs/runFiles';

/** A trial is done once train has written its model (and, with evaluations, its summary) at the end. */
export function isFinished(dir: string): boolean {
  return existsSync(join(dir, 'summary.json')) || existsSync(join(dir, 'model.json'));
}

const optional = (path: string) => (existsSync(path) ? readFile(path, 'utf8') : Promise.resolve(null));

export async function readRunFolder(dir: string): Promise<Parsed<RunFiles>> {
  for (const file of ['config.json', 'history.csv']) {
    if (!existsSync(join(dir, file))) return { ok: false, error: `${dir} has no ${file}` };
  }
  const [config, history, evaluations, summary] = await Promise.all([
    readFile(join(dir, 'config.json'), 'utf8'),
    readFile(join(dir, 'history.csv'), 'utf8'),
    optional(join(dir, 'evaluations.csv')),
    optional(join(dir, 'summary.json')),
  ]);
  const r = parseRunFiles({ config, history, evaluations, summary });
  return r.ok ? r : { ok: false, error: `${dir}: ${r.error}` };
}

/** Every finished run folder directly inside `dir`, and why each other folder was left out. */
export async function readRunFolders(
  dir: string,
): Promise<{ runs: { name: string; run: RunFiles }[]; skipped: string[] }> {
  const entries = await readdir(dir, { withFileTypes: true });
  const runs: { name: string; run: RunFiles }[] = [];
  const skipped: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (!isFinished(path)) {
      skipped.push(`${path}: not finished (no model.json or summary.json yet)`);
      continue;
    }
    const r = await readRunFolder(path);
    if (r.ok) runs.push({ name: entry.name, run: r.value });
    else skipped.push(r.error);
  }
  return { runs, skipped };
}
