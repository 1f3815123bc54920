/**
 * @module Runs `aigis init`: plans the files asked for, refuses to replace any that exist unless --force, then
 * writes them (or, with --dry-run, prints them). The threat model lists the AI assets a scan of the project finds.
 */
import { lstatSync, mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Asset } from '../../core/asset.js';
import { CONFIG_FILE_NAMES } from '../../core/config/defaults.js';
import { UsageError } from '../usage-error.js';
import { assetLines, assetSummary, fillTemplate, oneLine, readTemplate, type TemplateName } from './template.js';

export interface InitFlags {
  securityPolicy?: boolean;
  threatModel?: boolean;
  incidentRunbook?: boolean;
  /** true: the project folder; a string: a folder relative to the project. */
  modelCard?: string | boolean;
  all?: boolean;
  contact?: string;
  /** false with --no-config. */
  config: boolean;
  force?: boolean;
  dryRun?: boolean;
}

export interface PlannedFile {
  readonly path: string;
  readonly template: TemplateName;
  readonly content: string;
}

export const PLACEHOLDER_CONTACT = 'security@your-company.example (TODO: your security contact)';

export const EXIT_FILES_EXIST = 1;

/** What `aigis init` would write for `root`, in order. `assets` are used by the threat model. */
export function planFiles(root: string, flags: InitFlags, assets: readonly Asset[], today: string): PlannedFile[] {
  const project = oneLine(basename(root)) || 'this project';
  const contact = flags.contact === undefined ? PLACEHOLDER_CONTACT : flags.contact;
  const plan: PlannedFile[] = [];
  const add = (path: string, template: TemplateName, values: Record<string, string | readonly string[]>) =>
    plan.push({ path, template, content: fillTemplate(readTemplate(template), values) });
  if (flags.config) add(join(root, 'aigis.yaml'), 'aigis.yaml', { project });
  if (flags.all || flags.securityPolicy) add(join(root, 'SECURITY.md'), 'SECURITY.md', { project, contact });
  if (flags.all || flags.threatModel) {
    const lines = assetLines(assets);
    add(join(root, 'THREAT_MODEL.md'), 'THREAT_MODEL.md', {
      project,
      date: today,
      asset_summary: assetSummary(assets),
      assets: lines.length > 0 ? lines : ['- TODO: models, datasets, prompts, AI providers, agent tools, vector stores.'],
    });
  }
  if (flags.all || flags.incidentRunbook) add(join(root, 'docs', 'incident-response.md'), 'incident-response.md', { project, contact });
  if (flags.modelCard !== undefined && flags.modelCard !== false) {
    const folder = flags.modelCard === true ? root : resolve(root, flags.modelCard);
    add(join(folder, 'README.md'), 'model-card.md', { model: oneLine(basename(folder)) || 'model' });
  }
  return plan;
}

function existing(path: string): 'file' | 'directory' | undefined {
  try {
    return lstatSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return undefined;
  }
}

/** Runs every analyzer over the project and keeps the AI assets they record. */
async function findAssets(root: string): Promise<Asset[]> {
  const [{ ANALYZER_MODULE_URL, analyzers }, { scan }, { defaultConfig }, { configContext, loadConfig }] = await Promise.all([
    import('../../analyzers/index.js'),
    import('../../engine/scan.js'),
    import('../../core/config/defaults.js'),
    import('../config-context.js'),
  ]);
  let config;
  try {
    config = await loadConfig(root);
  } catch (error) {
    process.stderr.write(`aigis: ${(error as Error).message}; looking for assets with the default configuration\n`);
    config = defaultConfig(configContext());
  }
  const result = await scan({
    scanRoot: root,
    roots: [root],
    projectRoots: [''],
    analyzers,
    analyzerModule: ANALYZER_MODULE_URL,
    config,
    include: [],
    exclude: [],
    useGitignore: true,
  });
  return result.assets;
}

export async function runInit(path: string, flags: InitFlags): Promise<void> {
  const root = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (!isDirectory) throw new UsageError(`${path} is not a folder; give the project folder`);
  if (flags.contact !== undefined && oneLine(flags.contact).trim() === '') throw new UsageError('--contact needs an address or a link');
  if (typeof flags.modelCard === 'string' && flags.modelCard.trim() === '') throw new UsageError('--model-card needs a folder (or no value for the project folder)');
  const wantsThreatModel = flags.all === true || flags.threatModel === true;
  const display = (file: string) => {
    const path = relative(process.cwd(), file);
    return path === '' ? '.' : path.startsWith('..') || isAbsolute(path) ? file : path;
  };
  const today = new Date().toISOString().slice(0, 10);

  // Which files: known before any scan, so that a refusal comes at once.
  let plan = planFiles(root, flags, [], today);
  if (plan.length === 0) throw new UsageError('nothing to write: --no-config was given without --security-policy, --threat-model, --incident-runbook, --model-card or --all');

  const conflicts = plan.map((file) => file.path).filter((file) => existing(file) !== undefined);
  // Another name for the configuration counts too: a new aigis.yaml would silently take its place.
  if (flags.config) {
    conflicts.push(...CONFIG_FILE_NAMES.slice(1).map((name) => join(root, name)).filter((file) => existing(file) !== undefined));
  }
  const directories = conflicts.filter((file) => existing(file) === 'directory');
  if (directories.length > 0) throw new UsageError(`${directories.map(display).join(', ')} ${directories.length === 1 ? 'is a folder' : 'are folders'}; move ${directories.length === 1 ? 'it' : 'them'} away first`);

  const refused = conflicts.length > 0 && !flags.force && !flags.dryRun;
  if (wantsThreatModel && !refused) {
    if (!flags.dryRun) process.stderr.write(`aigis: looking for AI assets in ${display(root)} for the threat model\n`);
    plan = planFiles(root, flags, await findAssets(root), today);
  }

  if (flags.dryRun) {
    for (const file of plan) {
      const note = conflicts.includes(file.path) ? (flags.force ? ' (exists: would be replaced)' : ' (exists: needs --force)') : '';
      process.stdout.write(`--- ${display(file.path)}${note}\n${file.content}${file.content.endsWith('\n') ? '' : '\n'}`);
    }
    process.stdout.write(`aigis: dry run: would write ${plan.length} file${plan.length === 1 ? '' : 's'}; nothing was written\n`);
    return;
  }
  if (conflicts.length > 0 && !flags.force) {
    const names = conflicts.map(display).join(', ');
    process.stderr.write(`aigis: ${names} already exist${conflicts.length === 1 ? 's' : ''}; nothing was written. Use --force to replace, or --dry-run to see the new content.\n`);
    process.exitCode = EXIT_FILES_EXIST;
    return;
  }

  const written: string[] = [];
  for (const file of plan) {
    const replaced = existing(file.path) !== undefined;
    try {
      mkdirSync(dirname(file.path), { recursive: true });
      // An existing file (or a symlink, which is not followed) is removed first; 'wx' never writes through one.
      if (replaced) unlinkSync(file.path);
      writeFileSync(file.path, file.content, { flag: 'wx' });
    } catch (error) {
      throw new UsageError(`cannot write ${display(file.path)}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    written.push(`  ${display(file.path)}${replaced ? ' (replaced)' : ''}`);
  }
  const others = flags.config && flags.force ? conflicts.filter((file) => !plan.some((p) => p.path === file)) : [];
  process.stdout.write(`aigis: wrote ${plan.length} file${plan.length === 1 ? '' : 's'}:\n${written.join('\n')}\n`);
  if (others.length > 0) process.stdout.write(`aigis: ${others.map(display).join(', ')} still exist${others.length === 1 ? 's' : ''}; aigis.yaml now takes precedence\n`);
  const todo = plan.some((file) => file.template !== 'aigis.yaml') ? 'fill in the TODOs and the contact in the documents, then run' : 'review aigis.yaml, then run';
  const where = root === process.cwd() ? '' : ` ${display(root)}`;
  process.stdout.write(`Next: ${todo} "aigis scan${where}", and "aigis check${where}" to see where the project stands on each principle.\n`);
}
