/** @module Placeholder replaced by the HTML reporter. */
import type { Reporter } from '../../core/reporter.js';

export const htmlReporter: Reporter = () => {
  throw new Error('the HTML report is not built yet');
};
