/**
 * The engine table and what is derived from it: the choices the page and the command line offer, the
 * fallback chains, what auto times, the default, and the learner each engine makes. An engine added in one
 * place only (a choice, a fallback, a learner) fails here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AUTO_CANDIDATES,
  DEFAULT_ENGINE,
  ENGINE_CHOICES,
  ENGINE_NAMES,
  ENGINE_TABLE,
  ENGINES,
  fallbackChain,
} from '../../../src/agent/engines/engineTable';
import { KernelLearner } from '../../../src/agent/engines/kernel/kernelLearner';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { engineLearner, newLearner } from '../../../src/agent/engines/learners';
import { TfjsAutodiffLearner } from '../../../src/agent/engines/tfjsAutodiff';
import { TfjsHandwrittenLearner } from '../../../src/agent/engines/tfjsHandwritten';
import { SHAPE } from '../fixtures';

beforeAll(async () => {
  await loadKernelFromDisk();
});

const LEARNER_CLASSES = {
  kernel: KernelLearner,
  handwritten: TfjsHandwrittenLearner,
  autodiff: TfjsAutodiffLearner,
} as const;

describe('the engine table', () => {
  it('gives the choices: auto, then every engine in the order of the table, each once', () => {
    const names = ENGINE_TABLE.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    expect(ENGINE_NAMES).toEqual(names);
    expect(ENGINE_CHOICES).toEqual(['auto', ...names]);
    expect(Object.keys(ENGINES)).toEqual(names);
    expect(ENGINE_TABLE.every((e) => e.description.length > 0 && !e.description.includes('\n'))).toBe(true);
  });

  it('lets auto time exactly the entries marked for it', () => {
    expect(AUTO_CANDIDATES).toEqual(ENGINE_TABLE.filter((e) => e.auto).map((e) => e.name));
    expect(AUTO_CANDIDATES).not.toContain(DEFAULT_ENGINE);
  });

  it('chains each engine through the fallbacks it names, without a loop, to the one default', () => {
    expect(ENGINE_TABLE.filter((e) => e.fallback === null).map((e) => e.name)).toEqual([DEFAULT_ENGINE]);
    for (const { name } of ENGINE_TABLE) {
      const chain = fallbackChain(name);
      expect(chain[0]).toBe(name);
      expect(new Set(chain).size, `${name} loops`).toBe(chain.length);
      chain.slice(1).forEach((next, i) => expect(next).toBe(ENGINES[chain[i]].fallback));
      expect(chain.at(-1)).toBe(DEFAULT_ENGINE);
    }
  });

  it.each(ENGINE_NAMES)('makes the learner its %s entry names, from the seed’s weights', (name) => {
    const learner = engineLearner(name, SHAPE, 3, 64);
    expect(learner).toBeInstanceOf(LEARNER_CLASSES[ENGINES[name].learner]);
    const reference = newLearner('autodiff', SHAPE, 3, 64);
    expect(learner.weights('online')).toEqual(reference.weights('online'));
    expect(learner.weights('target')).toEqual(reference.weights('online'));
    learner.dispose();
    reference.dispose();
  });
});
