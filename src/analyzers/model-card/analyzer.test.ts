import { afterEach, describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../test/support/run-text.js';
import { runAnalyzer } from '../../../test/support/run-analyzer.js';
import { scanTree } from '../../../test/support/scan-tree.js';
import { makeTree, removeTree, type TreeSpec } from '../../../test/support/tree.js';
import { MAX_CARD_BYTES, modelCardAnalyzer } from './analyzer.js';

const MALFORMED = 'model-card/malformed-front-matter';
const MISSING = 'model-card/missing-card-fields';
const UNREADABLE = 'model-card/unreadable-card';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach(removeTree));

async function scan(spec: TreeSpec) {
  const root = makeTree(spec);
  roots.push(root);
  return scanTree(root, [modelCardAnalyzer]);
}

const GOOD_CARD = dedent(`
  ---
  license: apache-2.0
  base_model: google-bert/bert-base-uncased
  datasets:
    - acme/support-tickets
  pipeline_tag: text-classification
  library_name: transformers
  model-index:
    - name: ticket-router
      results:
        - task: { type: text-classification }
          metrics:
            - type: accuracy
              value: 0.93
            - type: f1
              value: 0.91
  ---

  # Ticket router

  Routes support tickets to the right queue.

  ## Intended uses & limitations

  ### Direct Use

  Classifying English support tickets into one of 12 queues.

  ## Bias, Risks, and Limitations

  Trained on English tickets only; accuracy drops sharply on other languages.

  ## Training data

  Two years of anonymised tickets.
`);

const PICKLE = Buffer.from([0x80, 0x02, 0x7d, 0x71, 0x00, 0x2e]);

describe('model-card assets', () => {
  it('records a model card with its front matter fields and sections', async () => {
    const result = await scan({ 'models/router/README.md': GOOD_CARD });
    expect(result.findings).toEqual([]);
    expect(result.assets).toEqual([
      {
        kind: 'model',
        name: 'models/router',
        location: { path: 'models/router/README.md' },
        properties: {
          source: 'card',
          card: 'models/router/README.md',
          license: 'apache-2.0',
          base_model: 'google-bert/bert-base-uncased',
          datasets: 'acme/support-tickets',
          pipeline_tag: 'text-classification',
          library_name: 'transformers',
          metrics: 'accuracy,f1',
          intended_use: 'Classifying English support tickets into one of 12 queues.',
          limitations: 'Trained on English tickets only; accuracy drops sharply on other languages.',
        },
      },
    ]);
  });

  it('treats a README without model keys as a model card only when model files sit beside it', async () => {
    const plain = '# Classifier\n\nA scikit-learn model for fraud scores.\n';
    const result = await scan({ 'models/fraud/README.md': plain, 'models/fraud/model.pkl': PICKLE, 'README.md': '# My app\n\nA web service.\n', 'docs/README.md': plain });
    expect(result.assets.map((a) => [a.kind, a.name, a.properties?.['card']])).toEqual([['model', 'models/fraud', 'models/fraud/README.md']]);
    expect(result.findings.map((f) => [f.ruleId, f.location.path])).toEqual([[MISSING, 'models/fraud/README.md']]);
  });

  it('records a dataset card as a dataset', async () => {
    const card = '---\nlicense: cc-by-4.0\ntask_categories:\n  - text-classification\nsize_categories:\n  - 10K<n<100K\n---\n# Tickets\n';
    const result = await scan({ 'data/tickets/README.md': card });
    expect(result.assets).toEqual([
      { kind: 'dataset', name: 'data/tickets', location: { path: 'data/tickets/README.md' }, properties: { source: 'card', card: 'data/tickets/README.md', license: 'cc-by-4.0' } },
    ]);
    expect(result.findings).toEqual([]);
  });
});

describe(MISSING, () => {
  it('names each missing field, and counts template placeholders as missing', async () => {
    const card = dedent(`
      ---
      base_model: meta-llama/Llama-3.1-8B
      library_name: peft
      ---
      # Model Card for support-lora

      ## Uses

      [More Information Needed]

      ## Bias, Risks, and Limitations

      Hallucinates order numbers when the ticket has none.
    `);
    const result = await scan({ 'adapters/support/README.md': card });
    expect(result.findings.map((f) => [f.ruleId, f.location.startLine, f.severity])).toEqual([[MISSING, 1, 'low']]);
    expect(result.findings[0]!.message).toContain('a license');
    expect(result.findings[0]!.message).toContain('intended uses');
    expect(result.findings[0]!.message).not.toContain('limitations (');
  });

  it('accepts a License section instead of front matter, and is quiet for a complete card', async () => {
    const card = '---\npipeline_tag: text-generation\n---\n# M\n\n## Intended use\n\nChat.\n\n## Limitations\n\nEnglish only.\n\n## License\n\nMIT\n';
    const result = await scan({ 'm/MODEL_CARD.md': card });
    expect(result.findings).toEqual([]);
  });

  it('reads the Trainer template heading "Intended uses & limitations" for both, and its placeholder as neither', async () => {
    const trainer = (body: string) => `---\nlicense: apache-2.0\nbase_model: distilbert-base-uncased\ntags:\n- generated_from_trainer\n---\n# out\n\n## Model description\n\nMore information needed\n\n## Intended uses & limitations\n\n${body}\n\n## Training procedure\n`;
    const placeholder = await scan({ 'a/README.md': trainer('More information needed') });
    expect(placeholder.findings.map((f) => f.message)).toEqual([expect.stringMatching(/intended uses .*limitations \(/)]);
    const filled = await scan({ 'b/README.md': trainer('For routing English tickets; not for medical or legal text.') });
    expect(filled.findings).toEqual([]);
  });

  it('ignores headings inside code fences', async () => {
    const card = '---\nlicense: mit\npipeline_tag: text-generation\n---\n# M\n\n```markdown\n## Limitations\nnone\n```\n\n## Intended uses\n\nChat.\n';
    const result = await scan({ 'm/README.md': card });
    expect(result.findings.map((f) => f.message)).toEqual([expect.stringContaining('limitations (')]);
  });
});

describe(MALFORMED, () => {
  it('reports the YAML error with its line in the card, and still reads the sections', async () => {
    const card = dedent(`
      ---
      license: apache-2.0
      base_model: org/base
      tags:
        - chat
       - broken
      ---
      # M

      ## Intended uses

      Chat.
    `);
    const run = await runOnText(modelCardAnalyzer, 'm/README.md', 'markdown', card);
    expect(run.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([[MALFORMED, 6]]);
    expect(run.findings[0]!.evidence).toBe('- broken');
  });

  it('reports duplicate keys, a front matter that is not a mapping and one never closed', async () => {
    for (const [card, line] of [
      ['---\nlicense: mit\nlicense: apache-2.0\n---\n# M\n', 3],
      ['---\n- just\n- a list\n---\n# M\n', 2],
      ['---\nlicense: mit\n# M\n\nno closing line\n', 1],
    ] as const) {
      const run = await runOnText(modelCardAnalyzer, 'README.md', 'markdown', card);
      expect(run.findings.map((f) => [f.ruleId, f.location.startLine])).toEqual([[MALFORMED, line]]);
    }
  });

  it('bounds aliases: a billion-laughs front matter is reported, not expanded', async () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const started = Date.now();
    const run = await runOnText(modelCardAnalyzer, 'README.md', 'markdown', `---\n${laughs}\n---\n# M\n`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(run.findings.map((f) => f.ruleId)).toEqual([MALFORMED]);
  });

  it('is quiet for a README with no front matter, or a horizontal rule further down', async () => {
    const run = await runOnText(modelCardAnalyzer, 'README.md', 'markdown', '# App\n\n---\n\nkey: [unclosed\n\n---\n');
    expect(run.findings).toEqual([]);
  });
});

describe(UNREADABLE, () => {
  it('reports a UTF-16 card but still reads its front matter', async () => {
    const text = '---\nlicense: mit\npipeline_tag: text-generation\n---\n# M\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = await scan({ 'm/README.md': bytes });
    expect(result.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining([UNREADABLE, MISSING]));
    expect(result.findings.find((f) => f.ruleId === UNREADABLE)!.message).toContain('UTF-16LE');
    expect(result.assets[0]?.properties?.['license']).toBe('mit');
  });

  it('reports invalid UTF-8 and binary content; quiet for UTF-8 with a BOM', async () => {
    const invalid = await runAnalyzer(modelCardAnalyzer, { path: 'README.md', type: 'markdown' }, Buffer.concat([Buffer.from('---\nlicense: mit\n---\n# Caf'), Buffer.from([0xe9, 0x0a])]));
    expect(invalid.findings.map((f) => [f.ruleId, f.message.includes('invalid UTF-8')])).toEqual([[UNREADABLE, true]]);
    const binary = await runAnalyzer(modelCardAnalyzer, { path: 'README.md', type: 'binary' }, Buffer.from([0x80, 0x02, 0x00, 0x00, 0x2e]));
    expect(binary.findings.map((f) => f.ruleId)).toEqual([UNREADABLE]);
    expect(binary.inconclusive).toHaveLength(1);
    const bom = await runAnalyzer(modelCardAnalyzer, { path: 'README.md', type: 'markdown' }, Buffer.from('\ufeff---\nlicense: mit\n---\n# M\n'));
    expect(bom.findings).toEqual([]);
  });

  it('reads a huge README only up to the cap, and does not judge sections past it', async () => {
    const card = `---\nlicense: mit\npipeline_tag: text-generation\n---\n# M\n\n${'Lorem ipsum dolor sit amet. '.repeat((MAX_CARD_BYTES / 28) * 2)}\n## Limitations\n\nNone known.\n`;
    const result = await scan({ 'm/README.md': card });
    expect(result.findings).toEqual([]);
    expect(result.files.find((f) => f.path === 'm/README.md')?.notes?.[0]).toMatch(/larger than/);
  });
});
