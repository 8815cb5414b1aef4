import { describe, expect, it } from 'vitest';
import {
  MAX_KERAS_FILE_BYTES,
  MAX_MODEL_JSON_BYTES,
  MAX_WEIGHTS_BYTES,
} from '../../../src/agent/model/modelLimits';
import { kerasFileTooBig, modelFilesTooBig } from '../../../src/ui/playground/modelFileChecks';

const json = (size: number) => ({ name: 'model.json', size });
const weights = (size: number) => ({ name: 'model.weights.bin', size });

describe('model files picked for loading', () => {
  it('pass at the limits', () => {
    expect(modelFilesTooBig(json(MAX_MODEL_JSON_BYTES), weights(MAX_WEIGHTS_BYTES))).toBeNull();
    expect(modelFilesTooBig(json(0), weights(0))).toBeNull();
  });

  it('are refused past them, naming the file, its size and the limit', () => {
    expect(modelFilesTooBig(json(MAX_MODEL_JSON_BYTES + 1), weights(1))).toBe(
      `model.json is ${MAX_MODEL_JSON_BYTES + 1} bytes; a model description is at most ${MAX_MODEL_JSON_BYTES}`,
    );
    expect(modelFilesTooBig(json(1), weights(524_288_000))).toBe(
      `model.weights.bin is 524288000 bytes; weights are at most ${MAX_WEIGHTS_BYTES}`,
    );
  });

  it('name the description first when both are too big', () => {
    expect(modelFilesTooBig(json(MAX_MODEL_JSON_BYTES + 1), weights(MAX_WEIGHTS_BYTES + 1))).toMatch(
      /^model\.json /,
    );
  });
});

describe('a Keras file picked for loading', () => {
  it('passes at the limit and is refused past it, naming the file, its size and the limit', () => {
    expect(kerasFileTooBig({ name: 'm.h5', size: MAX_KERAS_FILE_BYTES })).toBeNull();
    expect(kerasFileTooBig({ name: 'm.keras', size: MAX_KERAS_FILE_BYTES + 1 })).toBe(
      `m.keras is ${MAX_KERAS_FILE_BYTES + 1} bytes; a Keras model file is at most ${MAX_KERAS_FILE_BYTES}`,
    );
  });
});
