/**
 * The webgl backend's context, for the two things the worker does with it: report its loss (a GPU reset or
 * reclaim) at once, and lose it on purpose as a fault drill.
 */
import * as tf from '@tensorflow/tfjs';

/** The context, when webgl is the backend running. */
function webglContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
}

/** Calls `lost` when the running webgl context is lost; nothing when another backend runs. */
export function onContextLost(lost: () => void): void {
  webglContext()?.canvas.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    lost();
  });
}

/** Loses the context on purpose (WEBGL_lose_context), as a GPU reset would. */
export function loseContext(): void {
  const gl = webglContext();
  if (!gl) throw new Error('the webgl backend is not running');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
}
