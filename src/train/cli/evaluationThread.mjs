// The evaluation thread's entry in Node: worker_threads loads plain JavaScript, so this registers tsx
// (as `npm run train` and vitest each load TypeScript their own way) and then loads the thread itself.
import { register } from 'tsx/esm/api';

register();
await import(new URL('./evaluationThreadMain.ts', import.meta.url).href);
