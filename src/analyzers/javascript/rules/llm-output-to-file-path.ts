import { llmOutputRule } from '../taint-rule.js';

export const llmOutputToFilePath = llmOutputRule(
  {
    id: 'javascript/llm-output-to-file-path',
    title: 'LLM output used as a file path',
    severity: 'medium',
    principle: '1.3',
    references: { cwe: ['CWE-22', 'CWE-73'], owaspLlm: ['LLM05:2025', 'LLM06:2025'] },
    description:
      "A model's reply decides which file an fs call reads, writes or deletes. With `../` or an absolute path a manipulated reply reaches files outside the intended folder: secrets to read, configuration or code to overwrite. path.basename counts as a sanitiser.",
    fix: 'Let the model choose among known files (an id mapped to a path), or resolve the path against a fixed base folder and reject it unless path.resolve(base, p) still starts with base + path.sep; never pass model text to fs directly.',
  },
  'path',
  'a prompt-injected reply can choose any file this process can reach',
);
