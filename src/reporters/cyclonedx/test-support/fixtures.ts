/** Hand-built inventories for the CycloneDX tests. */
import type { Asset } from '../../../core/asset.js';
import type { FileRecord } from '../../../core/file-record.js';

export const SHA_A = 'a'.repeat(64);
export const SHA_B = '0123456789abcdef'.repeat(4);
export const COMMIT = '4f2c1e0d9b8a7c6d5e4f3a2b1c0d9e8f7a6b5c4d';

export const at = (path: string, startLine?: number) => ({ path, ...(startLine ? { startLine } : {}) });

/** A hand-built inventory with every asset kind, as the analyzers record them (docs: assets.md). */
export const SYNTHETIC_ASSETS: Asset[] = [
  { kind: 'model', name: 'models/intent/model.safetensors', location: at('models/intent/model.safetensors'), properties: { source: 'file', format: 'safetensors', size: '1024', signed: 'true' } },
  { kind: 'model', name: 'models/intent', location: at('models/intent/README.md'), properties: { source: 'card', card: 'models/intent/README.md', license: 'apache-2.0', base_model: 'distilbert/distilbert-base-uncased', datasets: 'acme/support-tickets, imdb', pipeline_tag: 'text-classification', library_name: 'transformers', intended_use: 'Route support tickets to a queue.', limitations: 'English only; not for legal advice.', metrics: 'accuracy,f1' } },
  { kind: 'model', name: 'models/orphan', location: at('models/orphan/README.md'), properties: { source: 'card', card: 'models/orphan/README.md', license: 'mit' } },
  { kind: 'model', name: 'BAAI/bge-reranker-base', version: COMMIT, location: at('app/retrieval.py', 12), properties: { source: 'hub', pinned: 'true', loader: 'transformers.AutoModel.from_pretrained' } },
  { kind: 'model', name: 'sentence-transformers/all-MiniLM-L6-v2', location: at('app/embed.py', 4), properties: { source: 'hub', pinned: 'false', loader: 'sentence_transformers.SentenceTransformer', trust_remote_code: 'true' } },
  { kind: 'model', name: 'sentence-transformers/all-MiniLM-L6-v2', location: at('app/search.py', 9), properties: { source: 'hub', pinned: 'false' } },
  { kind: 'dataset', name: 'acme/support-tickets', location: at('scripts/train.py', 7), properties: { source: 'hub', pinned: 'false' } },
  { kind: 'dataset', name: 'data/faq.jsonl', location: at('data/faq.jsonl'), properties: { source: 'file', format: 'jsonl', size: '2048' } },
  { kind: 'prompt', name: 'prompts/system.txt', location: at('prompts/system.txt'), properties: { source: 'file', sha256: SHA_B } },
  { kind: 'prompt', name: 'app/llm.py:31', location: at('app/llm.py', 31), properties: { source: 'code', sha256: SHA_B } },
  { kind: 'service', name: 'openai', location: at('app/llm.py', 3), properties: { sdk: 'openai', model: 'gpt-4o', endpoint: 'https://llm-gateway.acme.example/v1' } },
  { kind: 'service', name: 'openai', location: at('app/summary.py', 5), properties: { sdk: 'openai', model: 'gpt-4o-mini', endpoint: 'not a url {}' } },
  { kind: 'service', name: 'anthropic', location: at('app/llm.py', 4), properties: { sdk: 'anthropic' } },
  { kind: 'agent-tool', name: 'ShellTool', location: at('app/tools.py', 20), properties: { framework: 'langchain' } },
  { kind: 'agent-tool', name: 'mcp:filesystem', location: at('mcp.json', 3), properties: { framework: 'mcp' } },
  { kind: 'vector-store', name: 'chroma', location: at('app/retrieval.py', 2) },
  { kind: 'package', name: 'openai', location: at('requirements.txt', 1), properties: { ecosystem: 'pypi', scope: 'runtime', direct: 'true', specifier: '>=1.40', purl: 'pkg:pypi/openai' } },
  { kind: 'package', name: 'openai', version: '1.45.0', location: at('uv.lock', 40), properties: { ecosystem: 'pypi', purl: 'pkg:pypi/openai@1.45.0', scope: 'runtime', direct: 'true', depends_on: 'httpx,pydantic' } },
  { kind: 'package', name: 'httpx', version: '0.27.0', location: at('uv.lock', 20), properties: { ecosystem: 'pypi', purl: 'pkg:pypi/httpx@0.27.0', scope: 'runtime', direct: 'false', depends_on: 'certifi,not-in-the-lock' } },
  { kind: 'package', name: 'certifi', version: '2024.7.4', location: at('uv.lock', 10), properties: { ecosystem: 'pypi', scope: 'runtime', direct: 'false' } },
  { kind: 'package', name: 'Pydantic', version: '2.8.2', location: at('uv.lock', 60), properties: { ecosystem: 'pypi', scope: 'runtime', direct: 'false' } },
  { kind: 'package', name: 'pytest', version: '8.3.2', location: at('uv.lock', 70), properties: { ecosystem: 'pypi', scope: 'dev', direct: 'true' } },
  { kind: 'package', name: '@anthropic-ai/sdk', version: '0.27.3', location: at('package-lock.json', 12), properties: { ecosystem: 'npm', scope: 'runtime', direct: 'true' } },
  { kind: 'package', name: 'openai', version: '4.56.0', location: at('package-lock.json', 30), properties: { ecosystem: 'npm', purl: 'pkg:npm/openai@4.56.0', scope: 'optional', direct: 'true' } },
];

export const SYNTHETIC_FILES: FileRecord[] = [
  { path: 'models/intent/model.safetensors', type: 'safetensors', size: 1024, status: 'scanned' },
  { path: 'models/legacy/model.pkl', type: 'pickle', size: 300, status: 'scanned' },
  { path: 'models/intent/README.md', type: 'markdown', size: 900, status: 'scanned' },
  { path: 'data/faq.jsonl', type: 'json', size: 2048, status: 'scanned' },
  { path: 'prompts/system.txt', type: 'text', size: 120, status: 'scanned' },
  { path: 'notes.txt', type: 'text', size: 10, status: 'scanned' },
];

