/**
 * tfjs in Node runs on its cpu backend in every test file that loads it: the one backend there that needs
 * no start-up (WebGL cannot start in Node, and wasm is for the tests that choose it, which switch in
 * their own hooks, after this one).
 *
 * Files that never load tfjs are left without it: loading it costs about a third of a second a file, some
 * 10 s a run over the unit files that have no use for it. In Node, tfjs is a CommonJS package, so a file
 * that imported it has it in require's cache by the time the hooks run.
 */
import { createRequire } from 'node:module';
import type * as Tf from '@tensorflow/tfjs';
import { beforeAll } from 'vitest';

const require = createRequire(import.meta.url);
const tfjs = require.resolve('@tensorflow/tfjs');

beforeAll(async () => {
  if (!require.cache[tfjs]) return;
  const tf = require(tfjs) as typeof Tf;
  await tf.setBackend('cpu');
});
