/** A value as an error message shows it: numbers as written (NaN stays NaN), anything else as short JSON. */
export function show(x: unknown): string {
  if (typeof x === 'number' || typeof x === 'bigint' || typeof x === 'symbol' || x === undefined) {
    return String(x);
  }
  let text: string;
  try {
    text = JSON.stringify(x) ?? typeof x;
  } catch {
    text = typeof x;
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
