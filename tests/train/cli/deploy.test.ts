/**
 * The container image and the Kubernetes manifests cannot run here, so this checks that they name real
 * commands: the image runs `npm run train`, the Job's command is a valid sweep whose plan has exactly
 * `completions` trials writing into the shared volume, and the collect Job reads that same folder.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const field = (text: string, name: string) =>
  new RegExp(`^\\s*${name}:\\s*(.+)$`, 'm').exec(text)?.[1].trim();

describe('deploy files', () => {
  it('the image is the official Node 24 (LTS) one, installs from the lock file and runs npm run train', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^FROM node:24-bookworm-slim$/m);
    // The tested majors, which the image's must be one of.
    expect(JSON.parse(read('package.json')).engines.node).toBe('^20.19.0 || ^24.0.0');
    expect(dockerfile).toMatch(/^RUN npm ci\b/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["npm", "run", "train", "--"\]$/m);
    const scripts = JSON.parse(read('package.json')).scripts;
    expect(scripts.train).toBe('tsx src/train/cli/train.ts');
    expect(scripts.sweep).toBe('tsx src/train/cli/sweep.ts');
    expect(read('.dockerignore').split('\n')).toEqual(expect.arrayContaining(['node_modules', 'runs']));
  });

  it('the Indexed Job runs one trial of a valid sweep per completion index, into the shared volume', async () => {
    const job = read('deploy/sweep-job.yaml');
    expect(field(job, 'completionMode')).toBe('Indexed');
    const completions = Number(field(job, 'completions'));
    const command = /- >-\n((?:\s{14}.+\n)+)/.exec(job)![1].replace(/\s+/g, ' ').trim();
    expect(command).toMatch(/^npm run sweep -- .* --trial "\$JOB_COMPLETION_INDEX"$/);
    const args = command
      .replace(/^npm run sweep -- /, '')
      .replace(/ --trial "\$JOB_COMPLETION_INDEX"$/, '')
      .split(' ');
    const { stdout } = await promisify(execFile)(
      'nice',
      ['-n', '10', 'npx', 'tsx', 'src/train/cli/sweep.ts', ...args, '--plan'],
      { cwd: root },
    );
    const outs = stdout
      .trim()
      .split('\n')
      .map((line) => /--out (\S+)/.exec(line)![1]);
    expect(outs).toHaveLength(completions);
    expect(new Set(outs).size).toBe(completions);
    const mount = field(job, 'mountPath')!;
    const sweepDir = args[args.indexOf('--out') + 1];
    for (const out of outs)
      expect(out.startsWith(`${sweepDir}/`) && sweepDir.startsWith(`${mount}/`)).toBe(true);
    expect(field(job, 'claimName')).toBe(field(job.split('---')[0], 'name'));

    const collect = read('deploy/collect-job.yaml');
    expect(field(collect, 'command')).toBe(`[npm, run, sweep, --, --collect, ${sweepDir}]`);
    expect(field(collect, 'claimName')).toBe(field(job, 'claimName'));
  }, 60_000);
});
