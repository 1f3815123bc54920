/**
 * @module The one list of built-in analyzers, sorted by id. Adding an analyzer is adding its folder and one line
 * here. Pool workers import this module by URL, so it must stay free of side effects.
 */
import type { AnyAnalyzer } from '../core/analyzer.js';
import { securityDocsAnalyzer } from './security-docs/analyzer.js';

export const analyzers: readonly AnyAnalyzer[] = [securityDocsAnalyzer];

/** The URL pool workers load this registry from. */
export const ANALYZER_MODULE_URL = import.meta.url;
