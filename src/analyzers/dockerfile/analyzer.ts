/** @module dockerfile: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const dockerfileAnalyzer = defineAnalyzer({
  id: 'dockerfile',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
