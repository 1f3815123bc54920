/**
 * @module The conformance checks: for each of the 17 principles, what aigis can look for in a repository. A
 * check is either a *document* (a document or config is present and says what it should) or a *control* (aigis
 * checked that the thing holds in the project itself: signatures verify, CI gates the release on evals, the
 * threat model names every AI asset aigis found). Only controls can make a principle "met"; what stays a person's
 * judgement is never claimed. `docs/conformance.md` is generated from this list.
 *
 * Evidence comes from analyzers' project passes (`context.evidence`), or, for checks marked `derived`, from
 * the scan as a whole (the inventory, and which files the analyzers checked).
 */
import type { FileType } from '../file-type.js';

export type CheckKind = 'document' | 'control';

/** When a check is expected of a project, judged from the AI inventory. */
export type Applicability =
  | 'always'
  /** model files in the repository */
  | 'local-models'
  /** models fetched from a hub by id */
  | 'hub-models'
  | 'datasets'
  | 'prompts'
  /** code that calls an AI service or loads a model */
  | 'ai-code';

/** A derived check: aigis's own rules for the principle ran over these files and none failed. */
export interface CoverageDerivation {
  readonly kind: 'coverage';
  /** Only files of these sniffed types count; all types when absent. */
  readonly fileTypes?: readonly FileType[];
  /** What a file is, singular, for the summary: "code, config or model file". */
  readonly noun: string;
}

/** A check aigis works out from the inventory itself. */
export interface InventoryDerivation {
  readonly kind: 'hub-models-pinned' | 'model-card' | 'cards-for-models' | 'cards-for-datasets' | 'prompts-in-files' | 'card-limitations';
}

export interface ConformanceCheck {
  readonly id: string;
  readonly principle: string;
  readonly kind: CheckKind;
  /** What holds when the check is satisfied, as a statement. */
  readonly title: string;
  /** A principle is met only when every required check that applies holds. */
  readonly required: boolean;
  readonly appliesWhen: Applicability;
  /** The concrete thing to do when the check does not hold. */
  readonly nextStep: string;
  /** Set when aigis derives the evidence itself rather than an analyzer. */
  readonly derived?: CoverageDerivation | InventoryDerivation;
}

const CODE_AND_MODEL_TYPES: readonly FileType[] = [
  'python', 'javascript', 'typescript', 'notebook', 'pickle', 'zip', 'tar', 'numpy', 'safetensors', 'gguf', 'onnx', 'hdf5', 'tflite',
  'protobuf', 'gzip', 'bzip2', 'xz', 'zlib', 'json', 'yaml',
];

export const CHECKS: readonly ConformanceCheck[] = [
  // 1.1 Raise staff awareness of threats and risks
  {
    id: 'ai-security-guidance', principle: '1.1', kind: 'document', required: true, appliesWhen: 'always',
    title: 'Security or contributor guidance covers AI-specific threats',
    nextStep: 'Add an AI section to SECURITY.md or CONTRIBUTING.md (or docs/security/): prompt injection, unsafe model files, data leakage, and how the team handles each.',
  },
  {
    id: 'codeowners-ai-paths', principle: '1.1', kind: 'control', required: true, appliesWhen: 'always',
    title: 'CODEOWNERS requires a reviewer for every AI asset file (models, prompts, datasets, agent tools)',
    nextStep: 'Add CODEOWNERS entries that name a security-aware reviewer for the model, prompt, dataset and agent-tool paths, and turn on "require review from code owners".',
  },
  // 1.2 Model the threats to your system
  {
    id: 'threat-model', principle: '1.2', kind: 'document', required: true, appliesWhen: 'always',
    title: 'A threat model is in the repository',
    nextStep: 'Write THREAT_MODEL.md (`aigis init --threat-model` writes a starting point listing the AI assets found), or point `analyzers.security-docs.threatModel` at the one you keep.',
  },
  {
    id: 'threat-model-cites-catalogues', principle: '1.2', kind: 'document', required: true, appliesWhen: 'always',
    title: 'The threat model cites AI threat catalogues (MITRE ATLAS or OWASP LLM Top 10 ids)',
    nextStep: 'Tie each threat in the threat model to its MITRE ATLAS technique (AML.Txxxx) or OWASP LLM Top 10 entry (LLM01:2025 ...), so reviewers can check coverage.',
  },
  {
    id: 'threat-model-names-assets', principle: '1.2', kind: 'control', required: true, appliesWhen: 'always',
    title: 'The threat model names every model, AI service and agent tool aigis found',
    nextStep: 'Name each model, AI service and agent tool in the threat model (`aigis bom` lists them all) and assess the threats to each.',
  },
  // 1.3 Design your system for security as well as functionality and performance
  {
    id: 'ai-code-checked', principle: '1.3', kind: 'control', required: true, appliesWhen: 'always',
    title: "aigis's model-loading and LLM-output rules ran over the project's code and model files and none failed",
    nextStep: 'Nothing for aigis to check yet: keep model loading and LLM calls in Python, JavaScript or TypeScript files aigis reads, or declare the principle not applicable.',
    derived: { kind: 'coverage', fileTypes: CODE_AND_MODEL_TYPES, noun: 'code, notebook, config or model file' },
  },
  {
    id: 'design-ai-risks', principle: '1.3', kind: 'document', required: true, appliesWhen: 'always',
    title: 'The design or threat model addresses AI-specific risks (prompt injection, unsafe output handling, malicious model files)',
    nextStep: 'Record in the threat model or a design document how the system treats model output and third-party models as untrusted, and why.',
  },
  // 1.4 Consider security benefits and trade-offs when selecting your AI model
  {
    id: 'model-card', principle: '1.4', kind: 'document', required: true, appliesWhen: 'always',
    title: 'A model card records license, base model, training data, intended use and limitations',
    nextStep: 'Write a model card (README.md with Hugging Face front matter; `aigis init --model-card`) for each model you train or fine-tune, or a selection record for the models you call.',
    derived: { kind: 'model-card' },
  },
  {
    id: 'model-selection-record', principle: '1.4', kind: 'document', required: false, appliesWhen: 'always',
    title: 'A decision record explains why the models in use were chosen',
    nextStep: 'Add a decision record (docs/adr/) for each model choice: the alternatives, and the security trade-offs weighed.',
  },
  // 2.1 Secure your supply chain
  {
    id: 'dependencies-locked', principle: '2.1', kind: 'control', required: true, appliesWhen: 'always',
    title: 'Every dependency manifest has a lockfile that pins exact versions with integrity hashes',
    nextStep: 'Declare the dependencies in a manifest and commit a lockfile with integrity hashes for each (package-lock.json, yarn.lock, pnpm-lock.yaml, uv.lock, poetry.lock, pdm.lock, Pipfile.lock), or generate requirements.txt with --generate-hashes.',
  },
  {
    id: 'hub-models-pinned', principle: '2.1', kind: 'control', required: true, appliesWhen: 'hub-models',
    title: 'Every model fetched from a hub is pinned to a commit',
    nextStep: 'Pass revision="<40-hex commit>" to every from_pretrained, snapshot_download and hf_hub_download call.',
    derived: { kind: 'hub-models-pinned' },
  },
  // 2.2 Identify, track and protect your assets
  {
    id: 'committed-inventory', principle: '2.2', kind: 'document', required: true, appliesWhen: 'always',
    title: 'An SBOM or AI-BOM of the system is kept in the repository',
    nextStep: 'Generate one with `aigis bom -o bom.cdx.json` and commit it; regenerate it in CI when models, prompts or dependencies change.',
  },
  {
    id: 'inventory-covers-assets', principle: '2.2', kind: 'control', required: true, appliesWhen: 'always',
    title: 'The committed BOM lists every model and dataset aigis found',
    nextStep: 'Regenerate the committed BOM (`aigis bom -o <file>`) whenever models or datasets change, so that it lists every one in the repository.',
  },
  {
    id: 'secrets-checked', principle: '2.2', kind: 'control', required: true, appliesWhen: 'always',
    title: "aigis's secret and asset-protection rules ran over code, prompts, notebooks and config, and none failed",
    nextStep: 'Nothing for aigis to check: no files were read.',
    derived: { kind: 'coverage', noun: 'file' },
  },
  // 2.3 Document your data, models and prompts
  {
    id: 'cards-for-models', principle: '2.3', kind: 'control', required: true, appliesWhen: 'local-models',
    title: 'Every folder of model files has a model card',
    nextStep: 'Add a model card (README.md with front matter) beside each folder of model files; `aigis init --model-card` writes one.',
    derived: { kind: 'cards-for-models' },
  },
  {
    id: 'cards-for-datasets', principle: '2.3', kind: 'control', required: true, appliesWhen: 'datasets',
    title: 'Every folder of dataset files has a dataset card',
    nextStep: 'Add a dataset card (README.md with front matter: source, license, collection, retention) beside each folder of data files.',
    derived: { kind: 'cards-for-datasets' },
  },
  {
    id: 'prompts-in-files', principle: '2.3', kind: 'control', required: true, appliesWhen: 'prompts',
    title: 'System prompts live in versioned prompt files, not in string literals scattered through the code',
    nextStep: 'Move system prompts out of string literals into files under prompts/, each with an owner and a review date.',
    derived: { kind: 'prompts-in-files' },
  },
  // 2.4 Manage your technical debt
  {
    id: 'decommissioning-plan', principle: '2.4', kind: 'document', required: true, appliesWhen: 'always',
    title: 'The documentation plans how models and data are retired or decommissioned',
    nextStep: 'Add a "Decommissioning" section to the model card or runbook: how a model, its data and its keys are retired, and who decides.',
  },
  // 3.1 Secure your infrastructure
  {
    id: 'infrastructure-checked', principle: '3.1', kind: 'control', required: true, appliesWhen: 'always',
    title: "aigis's infrastructure rules ran over the deployment config (Dockerfiles, CI workflows, server and MCP config) and none failed",
    nextStep: 'Nothing for aigis to check: keep deployment config (Dockerfile, CI workflows, MCP and serving config) in the repository.',
    derived: { kind: 'coverage', fileTypes: ['dockerfile', 'yaml', 'json', 'toml'], noun: 'deployment or config file' },
  },
  // 3.2 Protect your model continuously
  {
    id: 'model-signatures', principle: '3.2', kind: 'document', required: true, appliesWhen: 'local-models',
    title: 'Model files are signed (OpenSSF model-signing bundle) or listed in a hash manifest',
    nextStep: 'Sign each model folder: `aigis keygen --out keys/ && aigis sign <model-dir> --key keys/private.pem` (keep the private key out of the repository).',
  },
  {
    id: 'model-signatures-verified', principle: '3.2', kind: 'control', required: true, appliesWhen: 'local-models',
    title: 'Every model signature verifies against the project key',
    nextStep: 'Set `signing.publicKey` in aigis.yaml so aigis verifies the signatures on every scan, and re-sign the models that fail.',
  },
  // 3.3 Develop incident management procedures
  {
    id: 'incident-plan', principle: '3.3', kind: 'document', required: true, appliesWhen: 'always',
    title: 'An incident response plan or runbook is in the repository',
    nextStep: 'Write docs/incident-response.md (`aigis init --incident-runbook` writes a starting point).',
  },
  {
    id: 'incident-ai-scenarios', principle: '3.3', kind: 'document', required: true, appliesWhen: 'always',
    title: 'The incident plan covers AI scenarios (prompt injection, poisoned data or model, leaked weights)',
    nextStep: 'Add AI scenarios to the runbook: prompt injection, a poisoned model or dataset, leaked weights or prompts, and how each is contained.',
  },
  {
    id: 'rollback-procedure', principle: '3.3', kind: 'control', required: true, appliesWhen: 'always',
    title: 'The incident plan documents rolling back to a known-good model or prompt, naming the models aigis found',
    nextStep: 'Document how to roll back each model and prompt to a known-good version, naming each, and how to turn the AI feature off.',
  },
  // 3.4 Release AI responsibly
  {
    id: 'evaluation-config', principle: '3.4', kind: 'document', required: true, appliesWhen: 'always',
    title: 'Security evaluations or red-team tests are configured (promptfoo, garak, PyRIT, DeepEval and the like)',
    nextStep: 'Add a security evaluation: for example a promptfoo red-team config or garak probes against the system, run from CI.',
  },
  {
    id: 'release-gate', principle: '3.4', kind: 'control', required: true, appliesWhen: 'always',
    title: 'CI releases only after the evaluation job passes (the deploy or publish job needs it)',
    nextStep: 'In the release workflow, make the deploy or publish job depend on the evaluation job (`needs: [evals]` in GitHub Actions).',
  },
  {
    id: 'documented-limitations', principle: '3.4', kind: 'document', required: false, appliesWhen: 'always',
    title: 'A model card tells users the known limitations and failure modes',
    nextStep: 'Add a "Limitations" section to the model card.',
    derived: { kind: 'card-limitations' },
  },
  // 3.5 Make it easy for users to do the right things
  {
    id: 'user-guidance', principle: '3.5', kind: 'document', required: true, appliesWhen: 'always',
    title: 'Users get guidance: acceptable use, limitations, what they are responsible for, and how their data is used',
    nextStep: 'Publish user-facing guidance (docs/acceptable-use.md or a "Responsible use" section): acceptable use, limitations, shared responsibilities, and data use (retraining, human review, retention).',
  },
  // 4.1 Monitor your system's behaviour
  {
    id: 'model-call-telemetry', principle: '4.1', kind: 'control', required: true, appliesWhen: 'ai-code',
    title: 'Model calls are instrumented (OpenTelemetry GenAI, Langfuse, LangSmith and the like), so output and behaviour changes show up',
    nextStep: 'Instrument the model calls: an OpenTelemetry GenAI instrumentor (opentelemetry-instrumentation-openai and kin), or Langfuse / LangSmith tracing, exported to your monitoring.',
  },
  {
    id: 'scheduled-evaluation', principle: '4.1', kind: 'control', required: false, appliesWhen: 'always',
    title: 'Evaluations run on a schedule, so drift shows up between releases',
    nextStep: 'Run the evaluation suite from a scheduled CI workflow (`on: schedule`).',
  },
  // 4.2 Monitor your system's inputs
  {
    id: 'model-input-logging', principle: '4.2', kind: 'control', required: true, appliesWhen: 'ai-code',
    title: 'Inputs to the model (prompts, requests) are logged or traced where the model is called',
    nextStep: 'Log or trace each model request (identity, time, model and prompt version, input where allowed) with a tracing library or the call wrapper, with redaction and a retention period.',
  },
  {
    id: 'input-screening', principle: '4.2', kind: 'control', required: false, appliesWhen: 'ai-code',
    title: 'Inputs are screened for prompt injection or sensitive data before they reach the model',
    nextStep: 'Screen inputs before the model call, e.g. with LLM Guard, NeMo Guardrails, Guardrails AI or Presidio.',
  },
  // 4.3 Follow a secure by design approach to updates
  {
    id: 'dependency-update-automation', principle: '4.3', kind: 'control', required: true, appliesWhen: 'always',
    title: 'Dependabot or Renovate keeps every ecosystem in the repository up to date',
    nextStep: 'Add .github/dependabot.yml (or a Renovate config) with an entry for every ecosystem in the repository, github-actions included.',
  },
  {
    id: 'evals-on-change', principle: '4.3', kind: 'control', required: false, appliesWhen: 'always',
    title: 'CI re-runs evaluations when prompts, models or their config change',
    nextStep: 'Trigger the evaluation workflow on changes to prompts/, model config and datasets (`on: pull_request: paths: [...]`).',
  },
  // 4.4 Collect and share lessons learned
  {
    id: 'security-policy', principle: '4.4', kind: 'document', required: true, appliesWhen: 'always',
    title: 'A vulnerability disclosure policy (SECURITY.md or security.txt) says how to report',
    nextStep: 'Add SECURITY.md with a reporting address or GitHub private vulnerability reporting (`aigis init --security-policy`).',
  },
  {
    id: 'security-policy-ai-scope', principle: '4.4', kind: 'document', required: true, appliesWhen: 'always',
    title: 'The disclosure policy invites reports of AI issues (prompt injection, model abuse, data leakage)',
    nextStep: 'Say in SECURITY.md that AI issues are in scope: prompt injection, jailbreaks, model or data extraction, unsafe tool use.',
  },
  {
    id: 'security-txt-valid', principle: '4.4', kind: 'control', required: false, appliesWhen: 'always',
    title: 'security.txt is valid (RFC 9116): a contact, and an Expires date still in the future',
    nextStep: 'Publish /.well-known/security.txt with Contact and a future Expires (RFC 9116).',
  },
];

const byId = new Map(CHECKS.map((check) => [check.id, check]));

export function findCheck(id: string): ConformanceCheck | undefined {
  return byId.get(id);
}
