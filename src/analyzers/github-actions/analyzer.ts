/** @module github-actions: skeleton, being written. */
import { defineAnalyzer } from '../../core/analyzer.js';

export const githubActionsAnalyzer = defineAnalyzer({
  id: 'github-actions',
  version: '1',
  description: 'Being written.',
  rules: [],
  claims: () => false,
});
