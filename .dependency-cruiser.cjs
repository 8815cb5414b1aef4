/**
 * The layer rules of docs/ARCHITECTURE.md, checked on every `npm test` (npm run lint:deps):
 * imports point downward only, ui → train (and the lesson) → agent and env → config, with no cycle.
 * A change that breaks one fails with the rule's name and the comment below saying why it exists.
 */
const LOGIC = '^src/(env|agent|train|config)/|^src/lesson/(?!.*(Store\\.ts|\\.tsx|\\.css)$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (types included) ties files together so neither can be read or moved alone.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'config-is-the-bottom',
      severity: 'error',
      comment: 'The hyperparameter table and its validation depend on nothing else of the project.',
      from: { path: '^src/config/' },
      to: { path: '^src/(env|agent|train|lesson|ui)/' },
    },
    {
      name: 'env-stands-alone',
      severity: 'error',
      comment: "The environment is Gymnasium's lander and nothing more: it knows no agent, trainer or page.",
      from: { path: '^src/env/' },
      to: { path: '^src/(agent|train|lesson|ui)/' },
    },
    {
      name: 'agent-below-train',
      severity: 'error',
      comment: 'The agent (DQN, replay memory, engines, model format) knows neither the loop nor the page.',
      from: { path: '^src/agent/' },
      to: { path: '^src/(train|lesson|ui)/' },
    },
    {
      name: 'kernel-knows-no-config',
      severity: 'error',
      comment:
        'The kernel knows nothing of the UI table: whoever makes a kernel learner says the largest batch it takes.',
      from: { path: '^src/agent/engines/kernel/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'train-below-ui',
      severity: 'error',
      comment:
        'The trainer runs the same in the worker and in Node: it imports neither the page nor the lesson.',
      from: { path: '^src/train/' },
      to: { path: '^src/(ui|lesson)/' },
    },
    {
      name: 'lesson-is-a-feature',
      severity: 'error',
      comment:
        'The Mars-rover lesson is one folder that uses the shared layers; nothing outside the page uses it.',
      from: { path: '^src/(env|agent|train|config)/' },
      to: { path: '^src/lesson/' },
    },
    {
      name: 'logic-has-no-dom',
      severity: 'error',
      comment:
        "env, agent, train, config and the lesson's logic run in workers and Node: no React, page state or CSS.",
      from: { path: LOGIC },
      to: { path: ['node_modules/(react|react-dom|zustand|uplot)/', '\\.(tsx|css)$', '^src/ui/'] },
    },
    {
      name: 'page-loads-no-tfjs',
      severity: 'error',
      comment:
        "TensorFlow.js loads in the worker only, so the page's first load stays small (type imports are free).",
      from: { path: '^src/ui/|^src/lesson/.*(Store\\.ts|\\.tsx)$|^src/main\\.tsx$' },
      to: { path: 'node_modules/@tensorflow/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/agent/engines/kernel/assembly/' },
  },
};
