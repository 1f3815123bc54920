/**
 * @module Finds every object in a Keras config that deserialization turns into a Python object: any JSON
 * object with a string `class_name`, wherever it sits (layers of nested models, shared objects, initializers,
 * regularizers, constraints, activations, `build_config`, `compile_config` with its losses, metrics and
 * optimizer, the legacy `training_config`). Keras deserializes them all the same way, so all are judged.
 * The walk is iterative: nesting depth costs memory in proportion to the input, never stack.
 */

export interface KerasObject {
  readonly className: string;
  /** `module` (`fn_module` in some function configs), when it is a string. */
  readonly module?: string;
  readonly registeredName?: string;
  /** What Keras takes from `module`: the function name for `class_name: "function"`, else the class name. */
  readonly importName: string;
  readonly isFunction: boolean;
  /** The object's `config` member. */
  readonly config: unknown;
  /** The nearest Keras object this one sits inside. */
  readonly owner?: KerasObject;
  /** Where it sits, e.g. `config.layers[1].config.activation`; long paths keep their end. */
  path(): string;
  /** How messages refer to it: its class name, with `name` from its config when there is one. */
  label(): string;
}

/** Special markers Keras decodes itself (tensors, arrays, bytes, slices): never imported. */
const BUILT_IN_MARKERS: ReadonlySet<string> = new Set(['__keras_tensor__', '__tensor__', '__numpy__', '__bytes__', '__slice__', '__ellipsis__']);
const PATH_SEGMENTS_SHOWN = 12;

interface PathStep {
  readonly parent: PathStep | undefined;
  readonly key: string | number;
}

function renderPath(step: PathStep | undefined): string {
  const keys: (string | number)[] = [];
  for (let at = step; at && keys.length <= PATH_SEGMENTS_SHOWN; at = at.parent) keys.push(at.key);
  const cut = keys.length > PATH_SEGMENTS_SHOWN;
  const text = keys
    .slice(0, PATH_SEGMENTS_SHOWN)
    .reverse()
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? key : `.${key}`))
    .join('');
  return cut ? `...${text}` : text || '(root)';
}

const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function kerasObject(value: Record<string, unknown>, step: PathStep | undefined, owner: KerasObject | undefined): KerasObject | undefined {
  const className = value['class_name'];
  if (typeof className !== 'string' || BUILT_IN_MARKERS.has(className)) return undefined;
  const isFunction = className === 'function';
  const config = value['config'];
  const importName = isFunction ? (stringOf(config) ?? '') : className === '__typespec__' ? (stringOf(value['spec_name']) ?? '') : className;
  const module = stringOf(value['module']) ?? stringOf(value['fn_module']);
  const registeredName = stringOf(value['registered_name']);
  return {
    className,
    ...(module === undefined ? {} : { module }),
    ...(registeredName === undefined ? {} : { registeredName }),
    importName,
    isFunction,
    config,
    ...(owner === undefined ? {} : { owner }),
    path: () => renderPath(step),
    label() {
      const name = typeof config === 'object' && config !== null ? stringOf((config as Record<string, unknown>)['name']) : undefined;
      return name === undefined ? className : `${className} "${name}"`;
    },
  };
}

/** Every Keras object under `root`, parents before their children. */
export function* kerasObjects(root: unknown): Generator<KerasObject> {
  const stack: { value: unknown; step: PathStep | undefined; owner: KerasObject | undefined }[] = [{ value: root, step: undefined, owner: undefined }];
  while (stack.length > 0) {
    const { value, step, owner } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], step: { parent: step, key: i }, owner });
      continue;
    }
    const object = value as Record<string, unknown>;
    const found = kerasObject(object, step, owner);
    if (found) yield found;
    const keys = Object.keys(object);
    for (let i = keys.length - 1; i >= 0; i--) {
      stack.push({ value: object[keys[i]!], step: { parent: step, key: keys[i]! }, owner: found ?? owner });
    }
  }
}
