/** @module dependencies: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const dependenciesAnalyzer = defineAnalyzer({
  id: 'dependencies',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
