/**
 * The layer rules in .dependency-cruiser.cjs: `npm run lint:deps` holds src to them on every `npm test`;
 * here each rule is shown to catch the break it names, on a small tree of deliberate violations
 * (tests/fixtures/layers), so that a rule that matches nothing cannot pass unnoticed.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import type { IReporterOutput } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ruleSet = require('../../.dependency-cruiser.cjs') as { forbidden: { name: string }[] };

async function violations(baseDir: string): Promise<string[]> {
  const result: IReporterOutput = await cruise(['src'], {
    baseDir,
    ruleSet,
    validate: true,
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  } as never);
  if (typeof result.output === 'string') throw new Error('expected a cruise result, not a report');
  return result.output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('the layer rules', () => {
  it('each catch the break they name in a tree built to break them', async () => {
    const found = await violations(fileURLToPath(new URL('../fixtures/layers', import.meta.url)));
    const expected = [
      'config-is-the-bottom: src/config/table.ts → src/env/lander.ts',
      'env-stands-alone: src/env/lander.ts → src/train/loop/trainer.ts',
      'agent-below-train: src/agent/dqn.ts → src/train/loop/trainer.ts',
      'kernel-knows-no-config: src/agent/engines/kernel/kernelLearner.ts → src/config/table.ts',
      'train-below-ui: src/train/loop/trainer.ts → src/ui/page.ts',
      'no-circular: src/train/loop/trainer.ts → src/ui/page.ts',
      'lesson-is-a-feature: src/train/loop/lessonUser.ts → src/lesson/rover.ts',
      'train-below-ui: src/train/loop/lessonUser.ts → src/lesson/rover.ts',
    ];
    for (const v of expected) expect(found).toContain(v);
    // Packages resolve to the project's own node_modules, three folders above the tree.
    expect(found).toContainEqual(
      expect.stringMatching(/^logic-has-no-dom: src\/lesson\/rover.ts → .*node_modules\/react\//),
    );
    expect(found).toContainEqual(
      expect.stringMatching(/^page-loads-no-tfjs: src\/ui\/page.ts → .*node_modules\/@tensorflow\//),
    );
    // Every rule in the set is exercised by the tree above.
    const named = new Set(found.map((v) => v.split(':')[0]));
    expect([...named].sort()).toEqual(ruleSet.forbidden.map((r) => r.name).sort());
  });

  it('hold for the project itself: no cycle, every import pointing down', async () => {
    expect(await violations(fileURLToPath(new URL('../..', import.meta.url)))).toEqual([]);
  });
});
