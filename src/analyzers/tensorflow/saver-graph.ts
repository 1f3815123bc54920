/**
 * @module Which nodes belong to the standard Saver, so its checkpoint ops are not mistaken for file access.
 * Every SavedModel carries a saver: in TF1 a `save/` subgraph whose restore op's inputs reach RestoreV2, in TF2
 * `StatefulPartitionedCall` nodes calling `__inference__traced_save_*` / `_restore_*` functions. The SaverDef
 * names the save tensor and the restore op; what they reach (inputs inside the saver's name scope, functions
 * through call attributes) is the saver. A save op reached from the restore op would write while loading, so
 * the role is kept apart: the restore path may only restore.
 */
import type { SaverDef } from './messages.js';

/** `checkpoint`: a `save/` subgraph in a GraphDef that has no SaverDef to say which path is which. */
export type SaverRole = 'save' | 'restore' | 'checkpoint';

/** The node a tensor reference names: `^name`, `name:0` and (inside functions) `name:output:0` all name `name`. */
export function tensorName(reference: string): string {
  const name = reference.startsWith('^') ? reference.slice(1) : reference;
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

const DEFAULT_SAVER_SCOPE = /^save(_\d+)?\//;

export class SaverGraph {
  private readonly restoreNode: string | undefined;
  private readonly saveNode: string | undefined;
  /** The TF1 saver's name scope, e.g. `save/`. */
  private readonly scope: string | undefined;
  private readonly scopeInputs = new Map<string, readonly string[]>();
  private readonly saverCalls = new Map<string, readonly string[]>();
  private readonly functionCalls = new Map<string, ReadonlySet<string>>();
  private closures: { restoreNodes: Set<string>; restoreFunctions: Set<string>; saveFunctions: Set<string> } | undefined;

  constructor(private readonly saverDef: SaverDef | undefined) {
    this.restoreNode = saverDef?.restore_op_name ? tensorName(saverDef.restore_op_name) : undefined;
    this.saveNode = saverDef?.save_tensor_name ? tensorName(saverDef.save_tensor_name) : undefined;
    const slash = this.restoreNode?.indexOf('/') ?? -1;
    this.scope = slash > 0 ? this.restoreNode!.slice(0, slash + 1) : undefined;
  }

  /** Only nodes of the saver's name scope need their inputs kept. */
  wantsInputs(node: string): boolean {
    return this.inScope(node);
  }

  addGraphNode(node: string, inputs: readonly string[], calls: readonly string[]): void {
    if (this.inScope(node)) this.scopeInputs.set(node, inputs);
    if (node === this.restoreNode || node === this.saveNode) this.saverCalls.set(node, calls);
  }

  /** @param calls the functions a function's nodes call, by call attribute or by op name */
  addFunction(name: string, calls: ReadonlySet<string>): void {
    this.functionCalls.set(name, calls);
  }

  /** @param fn the function holding the node, or undefined for a node of the graph itself */
  roleOf(fn: string | undefined, node: string): SaverRole | undefined {
    const closures = (this.closures ??= this.computeClosures());
    if (fn !== undefined) {
      if (closures.restoreFunctions.has(fn)) return 'restore';
      return closures.saveFunctions.has(fn) ? 'save' : undefined;
    }
    if (!this.inScope(node)) return undefined;
    if (!this.saverDef) return 'checkpoint';
    return closures.restoreNodes.has(node) ? 'restore' : 'save';
  }

  private inScope(node: string): boolean {
    if (this.scope !== undefined) return node.startsWith(this.scope);
    return this.saverDef === undefined && DEFAULT_SAVER_SCOPE.test(node);
  }

  private computeClosures() {
    return {
      restoreNodes: reach(this.restoreNode === undefined ? [] : [this.restoreNode], (node) => this.scopeInputs.get(node)),
      restoreFunctions: reach(this.saverCalls.get(this.restoreNode ?? '') ?? [], (fn) => this.functionCalls.get(fn)),
      saveFunctions: reach(this.saverCalls.get(this.saveNode ?? '') ?? [], (fn) => this.functionCalls.get(fn)),
    };
  }
}

/** Everything reachable from `starts` through `next`, iteratively. */
function reach(starts: readonly string[], next: (item: string) => Iterable<string> | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (seen.has(item)) continue;
    seen.add(item);
    for (const following of next(item) ?? []) if (!seen.has(following)) stack.push(following);
  }
  return seen;
}
