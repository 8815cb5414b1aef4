/** A run trained with a dueling head writes the plain folded Sequential, and says so in its metadata. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { Trainer } from '../../../src/train/loop/trainer';
import { DUELING_NOTE, trainerModelFiles } from '../../../src/train/runs/modelExport';

describe('model files of a dueling run', () => {
  it.each([true, false])(
    'dueling %s: a plain 8-16-12-4 Sequential of the folded weights',
    async (dueling) => {
      const config = {
        ...defaultConfig(),
        hidden1: 16,
        hidden2: 12,
        batchSize: 16,
        maxEpisodeSteps: 60,
        evalEvery: 2,
        evalEpisodes: 1,
        confirmEpisodes: 1,
        dueling,
      };
      const t = new Trainer(config);
      t.runEpisodes(4);
      for (const kind of ['latest', 'best'] as const) {
        const files = await trainerModelFiles(t, kind, 'w.bin', {});
        const json = JSON.parse(files.json);
        const units = json.modelTopology.config.layers.map(
          (l: { config: { units: number } }) => l.config.units,
        );
        expect(units).toEqual([16, 12, 4]);
        expect(json.userDefinedMetadata.dueling).toBe(dueling ? DUELING_NOTE : undefined);
        const want = kind === 'latest' ? t.agent.weights('online') : t.best!.weights;
        expect(new Float32Array(files.weights)).toEqual(want);
      }
      t.dispose();
    },
  );
});
