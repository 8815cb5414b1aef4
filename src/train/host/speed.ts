/** How fast the playground trains: env steps per second of the drawn env; Infinity trains as fast as it goes. */
import { FPS } from '../../env/lunarLander';

export type Speed = number;

/** Gymnasium's own pace: 50 env steps per second, every step drawn. */
export const REAL_TIME: Speed = FPS;
