/** Backend choice in Node, where WebGL cannot start: the fallback takes over and says why. */
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/train/backends';

describe('backend choice', () => {
  it('falls back from webgl to wasm where WebGL cannot start, and says why', async () => {
    const report = await chooseBackend('webgl');
    expect(report.name).toBe('wasm');
    expect(report.reason).toMatch(/^wasm, because the webgl backend (could not start|failed)/);
    expect(report.updateMs.wasm).toBeGreaterThan(0);
  });

  it('auto times what starts and picks it, naming the one that failed', async () => {
    const report = await chooseBackend('auto');
    expect(report.name).toBe('wasm');
    expect(report.reason).toMatch(/auto: wasm is the one that started \(the webgl backend/);
  });

  it('cpu, as chosen', async () => {
    const report = await chooseBackend('cpu');
    expect(report).toMatchObject({ name: 'cpu', reason: 'cpu, as chosen' });
  });
});
