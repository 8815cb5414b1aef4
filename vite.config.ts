import { configDefaults, defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The built page's Content-Security-Policy: its own origin only, no inline scripts and no eval beyond
 * compiling WebAssembly (tfjs's wasm backend). Only in the build: the dev server injects inline scripts.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  // Relative base: the built site works from any static host and sub-path.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  // The training worker imports tfjs in chunks; module workers allow that.
  worker: { format: 'es' },
  test: {
    testTimeout: 60_000,
    // Two projects, so that `vitest run --project unit` skips the browser tests and the build they need.
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'tests/e2e/**'],
          setupFiles: ['tests/setup/cpuBackend.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // The app is built and served once for every browser test (see the file).
          globalSetup: ['tests/e2e/servedApp.ts'],
          // The page answers through its worker, which a loaded machine slows: vitest's 1 s default failed CI.
          expect: { poll: { timeout: 20_000 } },
          // Some browser tests read the downloaded models with tfjs in Node.
          setupFiles: ['tests/setup/cpuBackend.ts'],
        },
      },
    ],
  },
});
