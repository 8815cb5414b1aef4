/**
 * The run the worker trains, as autosave files it: a unique id from the start, and a name fixed when first
 * read (at the first save), because the session it describes may not exist yet when the run is begun.
 */
export interface CurrentRun {
  readonly id: string;
  readonly name: string;
}

/** `describe` names the run from its session (runName.ts), or gives null while there is none. */
export function newRun(describe: () => string | null): CurrentRun {
  const now = new Date();
  let fixed: string | undefined;
  return {
    id: `${now.toISOString()}-${Math.random().toString(36).slice(2, 8)}`,
    get name() {
      fixed ??=
        describe() ?? `Run of ${now.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`;
      return fixed;
    },
  };
}
