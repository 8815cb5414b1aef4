/**
 * The readable reference engine: the lab's update on two tfjs Layers models, the gradient by tfjs
 * autodiff, and Adam written out per weight tensor exactly as tfjs's AdamOptimizer computes it (a test
 * holds the two equal), so that its moments can be saved and resumed by any other engine.
 *
 *   y = r + γ(1 − done)·max_a' Q̂(s', a')      (Double DQN: Q̂(s', argmax_a' Q(s', a')))
 *   minimise mean (y − Q(s, a))² (or Huber) with Adam
 *
 * With a dueling head the Layers models have one more output unit, V, and Q = out·M (the constant M of
 * tfjsHandwritten.ts's duelingMatrix: A − mean A + V); prioritized replay's importance weights scale each
 * sample's loss.
 */
import * as tf from '@tensorflow/tfjs';
import { ADAM, checkSaved } from '../learner';
import type { Learner, LearningSettings, LearnResult, SavedLearner } from '../learner';
import type { Network } from '../networkShape';
import { buildQNetwork, flatWeights, PlainNetworks, setFlatWeights } from '../qNetwork';
import type { NetworkShape } from '../networkShape';
import type { Batch } from '../replayBuffer';
import { duelingMatrix } from './tfjsHandwritten';

type NamedTensor = { name: string; tensor: tf.Tensor };

export class TfjsAutodiffLearner implements Learner {
  private readonly online: tf.Sequential;
  private readonly target: tf.Sequential;
  private firstMoments: tf.Variable[];
  private secondMoments: tf.Variable[];
  private steps = 0;
  private readonly plain: PlainNetworks;
  private readonly combine: tf.Tensor2D | null;

  constructor(
    readonly shape: NetworkShape,
    online: Float32Array,
    target: Float32Array,
  ) {
    this.online = buildQNetwork(shape, 0);
    this.target = buildQNetwork(shape, 0);
    this.combine = shape.dueling ? duelingMatrix(shape.actions) : null;
    this.firstMoments = this.zeroMoments();
    this.secondMoments = this.zeroMoments();
    this.plain = new PlainNetworks(shape, (network) => this.weights(network));
    this.setWeights(online, target);
  }

  learn(batch: Batch, settings: LearningSettings): LearnResult {
    const { gamma, doubleDqn, loss: lossKind, gradClipNorm, learningRate } = settings;
    const n = batch.size;
    const q = (model: tf.LayersModel) => (states: tf.Tensor2D) => {
      const out = model.apply(states) as tf.Tensor2D;
      return this.combine ? (tf.matMul(out, this.combine) as tf.Tensor2D) : out;
    };
    let tdErrors: Float32Array | null = null;
    const [lossValue, meanMaxQ] = tf.tidy(() => {
      const states = tf.tensor2d(batch.states, [n, this.shape.inputs]);
      const nextStates = tf.tensor2d(batch.nextStates, [n, this.shape.inputs]);
      // Select Q(s, a) with a one-hot mask: tf.gather has no gradient on the wasm backend.
      const actionMask = tf.cast(
        tf.oneHot(tf.tensor1d(batch.actions, 'int32'), this.shape.actions),
        'float32',
      );
      const y = bellmanTargets(
        q(this.online),
        q(this.target),
        nextStates,
        tf.tensor1d(batch.rewards),
        tf.tensor1d(batch.dones),
        gamma,
        doubleDqn,
      );

      // The gradient tape disposes what the loss function creates; the mean max-Q is kept out of it so that
      // the report costs no second forward pass.
      const kept: { meanMaxQ?: tf.Scalar; td?: tf.Tensor1D } = {};
      const weights = batch.weights ? tf.tensor1d(batch.weights.subarray(0, n)) : null;
      const lossFn = (): tf.Scalar => {
        const qs = q(this.online)(states);
        kept.meanMaxQ = tf.keep(tf.mean(tf.max(qs, 1))) as tf.Scalar;
        const qSa = tf.sum(tf.mul(qs, actionMask), 1);
        if (weights) {
          // tf.losses' weighted mean divides by the count of non-zero weights; the batch's mean is meant.
          kept.td = tf.keep(tf.sub(qSa, y)) as tf.Tensor1D;
          const each =
            lossKind === 'huber'
              ? tf.losses.huberLoss(y, qSa, undefined, undefined, tf.Reduction.NONE)
              : tf.losses.meanSquaredError(y, qSa, undefined, tf.Reduction.NONE);
          return tf.mean(tf.mul(each, weights)) as tf.Scalar;
        }
        return (
          lossKind === 'huber' ? tf.losses.huberLoss(y, qSa) : tf.losses.meanSquaredError(y, qSa)
        ) as tf.Scalar;
      };
      const variables = this.online.trainableWeights.map((w) => w.read() as tf.Variable);
      const { value, grads } = tf.variableGrads(lossFn, variables);
      const named = variables.map((v) => ({ name: v.name, tensor: grads[v.name] }));
      this.adam(gradClipNorm > 0 ? clipByGlobalNorm(named, gradClipNorm) : named, learningRate);

      // One read-back for both numbers: each read waits for the backend.
      const all = tf.concat([tf.stack([value, kept.meanMaxQ!]), kept.td ?? tf.zeros([0])]);
      const values = all.dataSync() as Float32Array;
      tf.dispose([kept.meanMaxQ!, ...(kept.td ? [kept.td] : [])]);
      if (weights) tdErrors = values.subarray(2);
      return [values[0], values[1]];
    });
    this.plain.invalidate('online');
    return { loss: lossValue, meanMaxQ, tdErrors };
  }

  /** m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  w ← w − lr·m̂ / (√v̂ + ε), with bias corrections. */
  private adam(grads: NamedTensor[], learningRate: number): void {
    this.steps++;
    const { beta1, beta2, epsilon } = ADAM;
    const c1 = 1 - beta1 ** this.steps;
    const c2 = 1 - beta2 ** this.steps;
    this.online.trainableWeights.forEach((weight, i) => {
      const g = grads[i].tensor;
      const m = tf.add(tf.mul(this.firstMoments[i], beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(this.secondMoments[i], beta2), tf.mul(tf.square(g), 1 - beta2));
      this.firstMoments[i].assign(m);
      this.secondMoments[i].assign(v);
      const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), epsilon));
      weight.write(tf.sub(weight.read(), tf.mul(step, learningRate)));
    });
  }

  updateTarget(tau: number): void {
    if (tau === 1) {
      this.target.setWeights(this.online.getWeights());
    } else {
      const online = this.online.trainableWeights;
      tf.tidy(() => {
        this.target.trainableWeights.forEach((t, i) =>
          t.write(tf.add(t.read(), tf.mul(tf.sub(online[i].read(), t.read()), tau))),
        );
      });
    }
    this.plain.invalidate('target');
  }

  forward(states: ArrayLike<number>, offset: number, count: number, network: Network): Float32Array {
    return this.plain.forward(states, offset, count, network);
  }

  hidden(): { hidden1: Float32Array; hidden2: Float32Array } {
    return this.plain.hidden();
  }

  weights(network: Network): Float32Array {
    return flatWeights(network === 'online' ? this.online : this.target);
  }

  setWeights(online: Float32Array, target: Float32Array): void {
    setFlatWeights(this.online, online);
    setFlatWeights(this.target, target);
    this.resetMoments();
    this.steps = 0;
    this.plain.invalidate();
  }

  save(): SavedLearner {
    const flat = (vs: tf.Variable[]) => {
      const out = new Float32Array(vs.reduce((n, v) => n + v.size, 0));
      let at = 0;
      for (const v of vs) {
        out.set(v.dataSync(), at);
        at += v.size;
      }
      return out;
    };
    return {
      online: this.weights('online'),
      target: this.weights('target'),
      firstMoment: flat(this.firstMoments),
      secondMoment: flat(this.secondMoments),
      adamSteps: this.steps,
    };
  }

  load(saved: SavedLearner): void {
    checkSaved(saved, this.shape);
    this.setWeights(saved.online, saved.target);
    let at = 0;
    this.online.trainableWeights.forEach((w, i) => {
      const size = w.shape.reduce((a, b) => a! * b!, 1)!;
      tf.tidy(() => {
        this.firstMoments[i].assign(
          tf.tensor(saved.firstMoment.subarray(at, at + size), w.shape as number[]),
        );
        this.secondMoments[i].assign(
          tf.tensor(saved.secondMoment.subarray(at, at + size), w.shape as number[]),
        );
      });
      at += size;
    });
    this.steps = saved.adamSteps;
  }

  dispose(): void {
    tf.dispose([...this.firstMoments, ...this.secondMoments, ...(this.combine ? [this.combine] : [])]);
    this.online.dispose();
    this.target.dispose();
  }

  private zeroMoments(): tf.Variable[] {
    return this.online.trainableWeights.map((w) => tf.variable(tf.zeros(w.shape as number[]), false));
  }

  private resetMoments(): void {
    for (const m of [...this.firstMoments, ...this.secondMoments]) tf.tidy(() => m.assign(tf.zerosLike(m)));
  }
}

/**
 * y = r + γ(1 − done)·Q̂(s', a*), with a* = argmax Q̂(s', ·) (the lab) or argmax Q(s', ·) (Double DQN).
 * Computed outside any gradient tape, so y carries no gradient.
 */
export function bellmanTargets(
  qNetwork: (states: tf.Tensor2D) => tf.Tensor2D,
  targetNetwork: (states: tf.Tensor2D) => tf.Tensor2D,
  nextStates: tf.Tensor2D,
  rewards: tf.Tensor1D,
  dones: tf.Tensor1D,
  gamma: number,
  doubleDqn: boolean,
): tf.Tensor1D {
  return tf.tidy(() => {
    // apply, not predict: predict splits the batch into chunks of 32 and joins them again.
    const qNextTarget = targetNetwork(nextStates);
    let nextValue: tf.Tensor1D;
    if (doubleDqn) {
      const best = tf.argMax(qNetwork(nextStates), 1);
      nextValue = tf.sum(tf.mul(qNextTarget, tf.cast(tf.oneHot(best, qNextTarget.shape[1]), 'float32')), 1);
    } else {
      nextValue = tf.max(qNextTarget, 1);
    }
    return tf.add(rewards, tf.mul(tf.mul(tf.sub(1, dones), gamma), nextValue));
  });
}

/** Scales all gradients together so that their joint L2 norm is at most `maxNorm`. */
export function clipByGlobalNorm(grads: NamedTensor[], maxNorm: number): NamedTensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g.tensor)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-12)));
  return grads.map(({ name, tensor }) => ({ name, tensor: tf.mul(tensor, scale) }));
}
