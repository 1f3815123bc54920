/**
 * @module A GitHub Actions workflow read from the YAML syntax tree (never converted to plain objects, so every
 * value keeps its position): triggers, jobs, steps, `uses`, `run` and `with`. Aliases (GitHub accepts anchors)
 * are followed to their anchors without copying, and every step visited counts against a budget, so a file
 * that reuses one anchor many times ("billion laughs") cannot make the walk explode.
 */
import type { Document, LineCounter, Scalar, YAMLMap } from 'yaml';
import { isAlias, isMap, isScalar, isSeq } from 'yaml';

export interface Located {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface StringValue {
  readonly value: string;
  readonly node: Scalar;
  /** Offsets of the scalar in the file as written (quotes and block indicators included). */
  readonly start: number;
  readonly end: number;
}

export interface Step {
  readonly jobId: string;
  readonly index: number;
  readonly node: YAMLMap;
  readonly uses: StringValue | undefined;
  readonly run: StringValue | undefined;
  /** The step's `if:` condition, when it is a string. */
  readonly condition: StringValue | undefined;
  /** `with:` inputs that are strings. */
  readonly with: ReadonlyMap<string, StringValue>;
  /** The step's `name:`, when it is a string. */
  readonly name: StringValue | undefined;
  /** `with:` inputs that are scalars of any type, as text (`push: true` gives "true"). */
  readonly scalarWith: ReadonlyMap<string, string>;
  /** `continue-on-error:` as text, when set to a scalar. */
  readonly continueOnError: string | undefined;
}

export interface Job {
  readonly id: string;
  readonly node: YAMLMap;
  /** A reusable workflow call: `jobs.<id>.uses`. */
  readonly uses: StringValue | undefined;
  /** The job's `if:` condition, when it is a string. */
  readonly condition: StringValue | undefined;
  readonly steps: readonly Step[];
  /** The job's `name:`, when it is a string. */
  readonly name: StringValue | undefined;
  /** Job ids from `needs:`, given as a string or a list. */
  readonly needs: readonly string[];
  /** `continue-on-error:` as text, when set to a scalar. */
  readonly continueOnError: string | undefined;
  /** `environment:` (or `environment.name:`) as text. */
  readonly environment: string | undefined;
  /** Whether the job has a `strategy.matrix`. */
  readonly matrix: boolean;
  /** Where the job's id is: offsets of its key. */
  readonly keyStart: number;
}

/** The filters of one event under `on:` (lists of scalars as text, each capped). */
export interface EventFilter {
  readonly paths?: readonly string[];
  readonly pathsIgnore?: readonly string[];
  readonly branches?: readonly string[];
  readonly branchesIgnore?: readonly string[];
  readonly tags?: readonly string[];
  readonly tagsIgnore?: readonly string[];
  readonly types?: readonly string[];
  /** `workflow_run.workflows`. */
  readonly workflows?: readonly string[];
  /** `schedule[].cron`. */
  readonly crons?: readonly string[];
}

export interface Workflow {
  readonly text: string;
  /** Event names from `on:` in any of its three forms. */
  readonly triggers: ReadonlySet<string>;
  /** Where each event is named: offsets of its scalar in the file. */
  readonly triggerAt: ReadonlyMap<string, { start: number; end: number }>;
  /** The filters of each event given in the map form of `on:`. */
  readonly eventFilters: ReadonlyMap<string, EventFilter>;
  /** The workflow's `name:`, when it is a string. */
  readonly name: string | undefined;
  readonly jobs: readonly Job[];
  /** Where an offset of the file is. */
  position(start: number, end?: number): Located;
  /** Set when the walk stopped early: too many steps through aliases. */
  readonly truncated: boolean;
}

/** Steps visited at most; real workflows have tens. */
const MAX_STEPS = 20_000;
/** Items kept of a filter list (`paths:`, `needs:` ...); real ones have a handful. */
const MAX_LIST = 100;
/** Characters kept of a filter item or name. */
const MAX_ITEM = 300;
const MAX_ALIAS_DEPTH = 32;

/**
 * Anchored nodes by name, in file order. The yaml library's own `alias.resolve(doc)` searches the whole
 * document for every alias, which is quadratic on a file full of aliases; this index is built once.
 */
function anchorIndex(doc: Document): Map<string, { start: number; node: unknown }[]> {
  const index = new Map<string, { start: number; node: unknown }[]>();
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node) || isSeq(node) || isScalar(node)) {
      if (node.anchor) {
        const list = index.get(node.anchor) ?? [];
        list.push({ start: node.range?.[0] ?? 0, node });
        index.set(node.anchor, list);
      }
    }
    if (isMap(node)) for (const pair of node.items) stack.push(pair.key, pair.value);
    else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  for (const list of index.values()) list.sort((a, b) => a.start - b.start);
  return index;
}

export function buildWorkflow(doc: Document, counter: LineCounter, text: string): Workflow {
  const anchors = anchorIndex(doc);
  const resolve = (node: unknown): unknown => {
    let current = node;
    for (let depth = 0; isAlias(current) && depth < MAX_ALIAS_DEPTH; depth++) {
      // An alias names the closest anchor before it.
      const at = current.range?.[0] ?? Infinity;
      const candidates = anchors.get(current.source) ?? [];
      let target: unknown;
      for (const candidate of candidates) if (candidate.start < at) target = candidate.node;
      current = target;
    }
    return isAlias(current) ? undefined : current;
  };
  const pairs = (map: unknown): [string, unknown][] => {
    const resolved = resolve(map);
    if (!isMap(resolved)) return [];
    const out: [string, unknown][] = [];
    for (const pair of resolved.items) {
      const key = resolve(pair.key);
      if (!isScalar(key)) continue;
      // YAML 1.1 readers turn a bare `on` into true; the yaml library reads 1.2 by default, but a %YAML 1.1 header switches it.
      const name = key.value === true ? 'on' : String(key.value);
      out.push([name, pair.value]);
    }
    return out;
  };
  const get = (map: unknown, key: string): unknown => {
    for (const [name, value] of pairs(map)) if (name === key) return resolve(value);
    return undefined;
  };
  /** The first value of each key of a map, resolved: one walk of the map for many lookups. */
  const fields = (map: unknown): ((key: string) => unknown) => {
    const out = new Map<string, unknown>();
    for (const [name, value] of pairs(map)) if (!out.has(name)) out.set(name, value);
    return (key) => resolve(out.get(key));
  };
  const string = (node: unknown): StringValue | undefined => {
    const resolved = resolve(node);
    if (!isScalar(resolved) || typeof resolved.value !== 'string' || !resolved.range) return undefined;
    return { value: resolved.value, node: resolved, start: resolved.range[0], end: resolved.range[1] };
  };

  /** A scalar of any type as text, capped. */
  const scalarText = (node: unknown): string | undefined => {
    const resolved = resolve(node);
    if (!isScalar(resolved) || resolved.value === null || typeof resolved.value === 'object') return undefined;
    return String(resolved.value).slice(0, MAX_ITEM);
  };
  /** A scalar or a list of scalars as a list of text, capped; undefined when it is neither. */
  const scalarList = (node: unknown): string[] | undefined => {
    const resolved = resolve(node);
    if (isSeq(resolved)) {
      const out: string[] = [];
      for (const item of resolved.items.slice(0, MAX_LIST)) {
        const text = scalarText(item);
        if (text !== undefined) out.push(text);
      }
      return out;
    }
    const text = scalarText(resolved);
    return text === undefined ? undefined : [text];
  };

  const root = resolve(doc.contents);
  const triggers = new Set<string>();
  const triggerAt = new Map<string, { start: number; end: number }>();
  const addTrigger = (name: string, node: unknown) => {
    triggers.add(name);
    const range = isScalar(node) ? node.range : undefined;
    if (range && !triggerAt.has(name)) triggerAt.set(name, { start: range[0], end: range[1] });
  };
  const on = get(root, 'on');
  if (isScalar(on) && typeof on.value === 'string') addTrigger(on.value, on);
  else if (isSeq(on)) for (const item of on.items) {
    const value = resolve(item);
    if (isScalar(value) && typeof value.value === 'string') addTrigger(value.value, value);
  }
  else if (isMap(on)) for (const pair of on.items) {
    const key = resolve(pair.key);
    if (isScalar(key)) addTrigger(String(key.value), key);
  }
  const eventFilters = new Map<string, EventFilter>();
  for (const [event, value] of pairs(on)) {
    if (eventFilters.has(event)) continue;
    const body = resolve(value);
    const filter: { -readonly [K in keyof EventFilter]: EventFilter[K] } = {};
    if (isMap(body)) {
      const keys: [keyof EventFilter, string][] = [
        ['paths', 'paths'], ['pathsIgnore', 'paths-ignore'], ['branches', 'branches'], ['branchesIgnore', 'branches-ignore'],
        ['tags', 'tags'], ['tagsIgnore', 'tags-ignore'], ['types', 'types'], ['workflows', 'workflows'],
      ];
      for (const [field, key] of keys) {
        const list = scalarList(get(body, key));
        if (list) filter[field] = list;
      }
    } else if (event === 'schedule' && isSeq(body)) {
      const crons: string[] = [];
      for (const item of body.items.slice(0, MAX_LIST)) {
        const cron = scalarText(get(item, 'cron'));
        if (cron !== undefined) crons.push(cron);
      }
      filter.crons = crons;
    }
    eventFilters.set(event, filter);
  }

  // Where each job's key is, for locations (the first key of that name).
  const keyStarts = new Map<string, number>();
  const jobsNode = get(root, 'jobs');
  if (isMap(jobsNode)) for (const pair of jobsNode.items) {
    const key = resolve(pair.key);
    if (isScalar(key) && key.range && !keyStarts.has(String(key.value))) keyStarts.set(String(key.value), key.range[0]);
  }
  const name = scalarText(get(root, 'name'));

  let budget = MAX_STEPS;
  let truncated = false;
  const jobs: Job[] = [];
  for (const [id, value] of pairs(get(root, 'jobs'))) {
    const node = resolve(value);
    if (!isMap(node)) continue;
    const steps: Step[] = [];
    const list = get(node, 'steps');
    if (isSeq(list)) {
      for (let index = 0; index < list.items.length; index++) {
        if (budget-- <= 0) {
          truncated = true;
          break;
        }
        const step = resolve(list.items[index]);
        if (!isMap(step)) continue;
        const inputs = new Map<string, StringValue>();
        const field = fields(step);
        const scalarWith = new Map<string, string>();
        for (const [name, input] of pairs(field('with'))) {
          const text = string(input);
          if (text) inputs.set(name, text);
          const scalar = scalarText(input);
          if (scalar !== undefined) scalarWith.set(name, scalar);
        }
        steps.push({
          jobId: id, index, node: step, uses: string(field('uses')), run: string(field('run')), condition: string(field('if')), with: inputs,
          name: string(field('name')), scalarWith, continueOnError: scalarText(field('continue-on-error')),
        });
      }
    }
    const field = fields(node);
    const environment = field('environment');
    jobs.push({
      id, node, uses: string(field('uses')), condition: string(field('if')), steps,
      name: string(field('name')),
      needs: scalarList(field('needs')) ?? [],
      continueOnError: scalarText(field('continue-on-error')),
      environment: isMap(environment) ? scalarText(get(environment, 'name')) : scalarText(environment),
      matrix: get(field('strategy'), 'matrix') !== undefined,
      keyStart: keyStarts.get(id) ?? node.range?.[0] ?? 0,
    });
    if (truncated) break;
  }

  const position = (start: number, end = start): Located => {
    const from = counter.linePos(start);
    const to = counter.linePos(end);
    return { startLine: from.line, startColumn: from.col, endLine: to.line, endColumn: to.col };
  };
  return { text, triggers, triggerAt, eventFilters, name, jobs, position, truncated };
}

/** A `${{ ... }}` expression in a value, located in the file. */
export interface Expression {
  /** The expression's inner text, whitespace collapsed. */
  readonly text: string;
  /** Offsets of `${{` and just past `}}` in the file. */
  readonly start: number;
  readonly end: number;
}

/**
 * The expressions of a scalar, found in the file text as written so that each keeps its own line in a block
 * scalar. When the written text has none (an escaped quoted scalar, say), the parsed value is searched and the
 * scalar's start is used.
 */
export function expressionsIn(workflow: Workflow, value: StringValue): Expression[] {
  const found: Expression[] = [];
  const pattern = /\$\{\{([\s\S]*?)\}\}/g;
  const raw = workflow.text.slice(value.start, value.end);
  for (const match of raw.matchAll(pattern)) {
    found.push({ text: match[1]!.replace(/\s+/g, ' ').trim(), start: value.start + match.index, end: value.start + match.index + match[0].length });
  }
  if (found.length > 0) return found;
  for (const match of value.value.matchAll(pattern)) found.push({ text: match[1]!.replace(/\s+/g, ' ').trim(), start: value.start, end: value.end });
  return found;
}

