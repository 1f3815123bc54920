/** @module mcp-config: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const mcpConfigAnalyzer = defineAnalyzer({
  id: 'mcp-config',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
