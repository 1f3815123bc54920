/** @module What kind of TensorFlow graph a file's name promises; light enough for `claims`. */

export type GraphKind = 'saved-model' | 'meta-graph' | 'graph-def';

/** The kind a file's name promises; a `.pb` of another name must look like one. */
export function kindByName(name: string): GraphKind | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'saved_model.pb') return 'saved-model';
  if (base.endsWith('.meta')) return 'meta-graph';
  return undefined;
}
