/** @module aigis's own version, from package.json. */
import { readPackageJson } from '../lib/json-file.js';

export const AIGIS_VERSION = readPackageJson<{ version: string }>('package.json').version;
