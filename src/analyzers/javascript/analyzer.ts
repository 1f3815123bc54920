/** @module javascript: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const javascriptAnalyzer = defineAnalyzer({
  id: 'javascript',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
