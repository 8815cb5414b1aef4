/**
 * A Q-network as a standard ONNX model: input `state` [N, inputs] → Gemm → Relu → Gemm → Relu → Gemm →
 * output `q_values` [N, actions], opset 13, the weights as float32 initializers. ONNX Runtime, Netron,
 * PyTorch's and TensorFlow's importers read it; the run's metadata goes into `metadata_props`.
 *
 * The bytes are written with protobufjs's Writer (no code generation, so nothing here needs `eval`, which
 * the page's Content-Security-Policy forbids): each message below is the part of `onnx.proto` (ONNX 1.8+,
 * https://github.com/onnx/onnx/blob/main/onnx/onnx.proto) the graph needs, its fields numbered as there.
 * No file system and no TensorFlow.js: the command line writes these bytes to disk, the worker hands them
 * to the page.
 */
import protobuf from 'protobufjs/minimal.js';
import type { NetworkShape } from '../networkShape';
import { parameterCount } from '../networkShape';

/** ONNX's IR version 7 is the one that goes with opset 13 (ONNX 1.8). */
export const ONNX_IR_VERSION = 7;
export const ONNX_OPSET = 13;
export const ONNX_INPUT = 'state';
export const ONNX_OUTPUT = 'q_values';

/** TensorProto.DataType.FLOAT */
const FLOAT = 1;
/** AttributeProto.AttributeType.FLOAT and .INT */
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;

type Writer = protobuf.Writer;

/** A length-delimited field holding a sub-message that `write` fills. */
function message(w: Writer, field: number, write: (w: Writer) => void): void {
  w.uint32((field << 3) | 2).fork();
  write(w);
  w.ldelim();
}

const string = (w: Writer, field: number, value: string) => w.uint32((field << 3) | 2).string(value);
const varint = (w: Writer, field: number, value: number) => w.uint32(field << 3).int64(value);

/** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9 (little-endian float32). */
function tensor(w: Writer, name: string, dims: number[], values: Float32Array): void {
  for (const d of dims) varint(w, 1, d);
  varint(w, 2, FLOAT);
  string(w, 8, name);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  w.uint32((9 << 3) | 2).bytes(bytes);
}

/**
 * ValueInfoProto (name = 1, type = 2) of a float tensor [N, size]: TypeProto.tensor_type = 1 →
 * elem_type = 1, shape = 2 → TensorShapeProto.dim = 1 → dim_param = 2 ("N", any batch) or dim_value = 1.
 */
function floatMatrix(w: Writer, name: string, size: number): void {
  string(w, 1, name);
  message(w, 2, (type) =>
    message(type, 1, (t) => {
      varint(t, 1, FLOAT);
      message(t, 2, (shape) => {
        message(shape, 1, (dim) => string(dim, 2, 'N'));
        message(shape, 1, (dim) => varint(dim, 1, size));
      });
    }),
  );
}

/** NodeProto: input = 1, output = 2, name = 3, op_type = 4, attribute = 5. */
function node(
  w: Writer,
  op: string,
  name: string,
  inputs: string[],
  output: string,
  attributes: ((a: Writer) => void)[] = [],
): void {
  for (const i of inputs) string(w, 1, i);
  string(w, 2, output);
  string(w, 3, name);
  string(w, 4, op);
  for (const a of attributes) message(w, 5, a);
}

/** AttributeProto: name = 1, f = 2 (float), i = 3 (int), type = 20. */
const floatAttribute = (name: string, value: number) => (a: Writer) => {
  string(a, 1, name);
  a.uint32((2 << 3) | 5).float(value);
  varint(a, 20, ATTRIBUTE_FLOAT);
};
const intAttribute = (name: string, value: number) => (a: Writer) => {
  string(a, 1, name);
  varint(a, 3, value);
  varint(a, 20, ATTRIBUTE_INT);
};

export interface OnnxOptions {
  /** What the file says made it, "Lander Lab". */
  producer?: string;
  /** Written as the model's `metadata_props`, each value as text (objects as JSON). */
  metadata?: Record<string, unknown>;
}

/**
 * The ONNX model of a network of `shape` whose weights are `flat`, in the Layers order (kernel [in, out]
 * then bias, per layer): the same numbers the kernel and the TensorFlow.js files hold. Gemm computes
 * A·B + C with B = the kernel as it is stored (transB = 0) and C = the bias, broadcast over the batch.
 */
export function onnxModel(
  shape: NetworkShape,
  flat: Float32Array,
  options: OnnxOptions = {},
): Uint8Array<ArrayBuffer> {
  if (flat.length !== parameterCount(shape)) {
    throw new Error(
      `${flat.length} weights do not fit a ${shape.inputs}-${shape.hidden1}-${shape.hidden2}-${shape.actions} network`,
    );
  }
  const sizes = [shape.inputs, shape.hidden1, shape.hidden2, shape.actions];
  const w = protobuf.Writer.create();
  // ModelProto: ir_version = 1, producer_name = 2, graph = 7, opset_import = 8, metadata_props = 14.
  varint(w, 1, ONNX_IR_VERSION);
  string(w, 2, options.producer ?? 'Lander Lab');
  // GraphProto: node = 1, name = 2, initializer = 5, input = 11, output = 12.
  message(w, 7, (g) => {
    let x = ONNX_INPUT;
    for (let l = 0; l < 3; l++) {
      const last = l === 2;
      const y = last ? ONNX_OUTPUT : `dense_${l + 1}`;
      message(g, 1, (n) =>
        node(n, 'Gemm', `gemm_${l + 1}`, [x, `dense_${l + 1}/kernel`, `dense_${l + 1}/bias`], y, [
          floatAttribute('alpha', 1),
          floatAttribute('beta', 1),
          intAttribute('transA', 0),
          intAttribute('transB', 0),
        ]),
      );
      if (!last) message(g, 1, (n) => node(n, 'Relu', `relu_${l + 1}`, [y], `relu_${l + 1}`));
      x = `relu_${l + 1}`;
    }
    string(g, 2, 'lander_lab_q_network');
    let at = 0;
    for (let l = 0; l < 3; l++) {
      const [rows, cols] = [sizes[l], sizes[l + 1]];
      message(g, 5, (t) =>
        tensor(t, `dense_${l + 1}/kernel`, [rows, cols], flat.subarray(at, at + rows * cols)),
      );
      at += rows * cols;
      message(g, 5, (t) => tensor(t, `dense_${l + 1}/bias`, [cols], flat.subarray(at, at + cols)));
      at += cols;
    }
    message(g, 11, (v) => floatMatrix(v, ONNX_INPUT, shape.inputs));
    message(g, 12, (v) => floatMatrix(v, ONNX_OUTPUT, shape.actions));
  });
  // OperatorSetIdProto: domain = 1 (empty: the default ONNX domain), version = 2.
  message(w, 8, (o) => varint(o, 2, ONNX_OPSET));
  // StringStringEntryProto: key = 1, value = 2.
  for (const [key, value] of Object.entries(options.metadata ?? {})) {
    if (value === undefined) continue;
    message(w, 14, (e) => {
      string(e, 1, key);
      string(e, 2, typeof value === 'string' ? value : JSON.stringify(value));
    });
  }
  // A copy: in Node the Writer hands out a Buffer from a shared pool.
  return new Uint8Array(w.finish());
}
