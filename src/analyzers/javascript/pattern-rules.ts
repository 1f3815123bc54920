/** @module The JavaScript pattern rules (calls and arguments) and the MCP tool-input rule. */
import type { JsRule } from './rule.js';
import { mcpToolInputToShell } from './rules/mcp-tool-input-to-shell.js';
import { openaiKeyInBrowser } from './rules/openai-key-in-browser.js';
import { unpinnedHubDownload } from './rules/unpinned-hub-download.js';

export const PATTERN_RULES: readonly JsRule[] = [mcpToolInputToShell, openaiKeyInBrowser, unpinnedHubDownload];
