/** @module ml-config: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const mlConfigAnalyzer = defineAnalyzer({
  id: 'ml-config',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
