/** Larger than any Q-network the hyperparameter table allows, by far: bigger files are refused unread. */
export const MAX_MODEL_JSON_BYTES = 5 * 1024 * 1024;
export const MAX_WEIGHTS_BYTES = 50 * 1024 * 1024;
/** A Keras model file (.h5 or .keras) holds both: weights, and a description far smaller than its limit. */
export const MAX_KERAS_FILE_BYTES = MAX_WEIGHTS_BYTES + MAX_MODEL_JSON_BYTES;
