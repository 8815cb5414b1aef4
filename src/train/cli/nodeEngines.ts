/**
 * What the command line can run: tfjs's wasm and cpu backends (Node has no WebGL, and tfjs-node is
 * deliberately not used), the engines of the table on them, and how `--engine` describes them. Apart from
 * engine.ts so that the help loads no tfjs.
 */
import {
  AUTO_CANDIDATES,
  ENGINE_NAMES,
  ENGINE_TABLE,
  ENGINES,
  fallbackChain,
} from '../../agent/engines/engineTable';
import type { EngineName, TfjsBackend } from '../../agent/engines/engineTable';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const satisfies readonly TfjsBackend[];
export type NodeBackend = (typeof NODE_BACKENDS)[number];

const runsInNode = (name: EngineName) =>
  (NODE_BACKENDS as readonly TfjsBackend[]).includes(ENGINES[name].tfjsBackend);

/** What auto times in Node. */
export const NODE_AUTO_CANDIDATES: readonly EngineName[] = AUTO_CANDIDATES.filter(runsInNode);

/** The values of `--engine` worth typing here, for a usage line: auto|kernel|… */
export const ENGINE_FLAG_VALUES = ['auto', ...ENGINE_NAMES.filter(runsInNode)].join('|');

/** One line per engine, for --help. */
export const ENGINE_HELP = [
  [
    'auto',
    `the fastest of ${NODE_AUTO_CANDIDATES.join(', ')}, timed at the run's network and batch (default)`,
  ],
  ...ENGINE_TABLE.map((e) => {
    const instead = runsInNode(e.name)
      ? ''
      : ` (not in Node: ${fallbackChain(e.name).find(runsInNode)} instead)`;
    return [e.name, `${e.description}${instead}`];
  }),
]
  .map(([name, text]) => `  ${name.padEnd(12)}${text}`)
  .join('\n');
