/** @module secrets: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const secretsAnalyzer = defineAnalyzer({
  id: 'secrets',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
