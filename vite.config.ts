import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  // Relative base: the built site works from any static host and sub-path.
  base: './',
  plugins: [react()],
  // The training worker imports tfjs in chunks; module workers allow that.
  worker: { format: 'es' },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
