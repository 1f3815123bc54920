import type { PythonRule } from '../rule.js';
import { snippet } from '../rule.js';
import type { CallSite, PythonModule } from '../module.js';
import { isFactoryResult, isTrueKeyword, lastSegment } from '../module.js';

/**
 * Whether a call is `launch(...)` on a Gradio app: resolved under `gradio`, or, when gradio is imported, an
 * unresolved `<something>.launch(...)` or `build_demo().launch(...)` (apps are often built by a helper function).
 * Shared with the bind rule.
 */
export function isGradioLaunch(module: PythonModule, call: CallSite): boolean {
  if (call.callee?.startsWith('gradio.')) return lastSegment(call.callee) === 'launch';
  if (!module.importedModules.has('gradio')) return false;
  return call.callee === undefined ? call.calleeText.endsWith('.launch') : isFactoryResult(call.callee, 'launch');
}

export const gradioPublicShare: PythonRule = {
  meta: {
    id: 'python/gradio-public-share',
    title: 'Gradio app published through a public share link',
    severity: 'medium',
    principle: '3.1',
    references: { cwe: ['CWE-668'], owaspLlm: ['LLM10:2025'], atlas: ['AML.T0040'] },
    description:
      'launch(share=True) tunnels the local app to a public *.gradio.live address for up to 72 hours. Anyone with the link can use the model, its tools and any data or credentials the app reaches, and spend its inference budget; without auth= nothing stands in their way. The tunnel also bypasses firewalls and network policy.',
    fix: 'Remove share=True, and publish the app through infrastructure you control (a reverse proxy with authentication, or a Hugging Face Space with access control). For a quick demo, at least pass auth= and stop the app afterwards.',
  },
  check(module, report) {
    for (const call of module.calls) {
      if (!isTrueKeyword(call.args, 'share') || !isGradioLaunch(module, call)) continue;
      const auth = call.args.keywords.has('auth') || call.args.keywords.has('auth_dependency');
      report({
        node: call.node,
        message: `${call.calleeText}(share=True) publishes the app at a public gradio.live link${auth ? '' : ' with no auth= set in this call: anyone with the link can use it'}`,
        evidence: snippet(call.node),
      });
    }
  },
};
