import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decommissioningMention,
  firstHeading,
  isAboutModelChoice,
  keptText,
  MAX_KEPT_TEXT,
  printable,
  rollbackMention,
  userGuidanceTopics,
} from './inspect.js';

describe('userGuidanceTopics', () => {
  it('finds acceptable use, limitations, user responsibilities and data use', () => {
    const text = [
      '## Prohibited uses',
      'You must not use the assistant for medical advice.',
      '## Known limitations',
      'It may produce inaccurate summaries.',
      '## Shared responsibility',
      'You are responsible for reviewing each answer.',
      '## How we use your data',
      'Prompts are reviewed by humans for abuse and deleted after 30 days.',
    ].join('\n');
    expect(userGuidanceTopics(text)).toEqual(['acceptable use', 'limitations', 'user responsibilities', 'data use']);
  });

  it('does not take legal boilerplate or unrelated words for the topics', () => {
    expect(userGuidanceTopics('Limitation of liability. Limitations of liability apply. We use cookies. Install with pip.')).toEqual([]);
  });
});

describe('rollbackMention', () => {
  it('finds rolling back a model, weights or prompt, either way round, with its line', () => {
    expect(rollbackMention('# Runbook\n\n3. Roll back to the previous model version.\n')).toEqual({ line: 3, text: 'Roll back to the previous model' });
    expect(rollbackMention('Revert the system prompt in prompts/.')).toEqual({ line: 1, text: 'Revert the system prompt' });
    expect(rollbackMention('The model is rolled back by the release job.')).toEqual({ line: 1, text: 'model is rolled back' });
  });

  it('does not take a database restore or a rollback in another sentence for one', () => {
    expect(rollbackMention('Restore the database from backup. The model keeps serving.')).toBeUndefined();
    expect(rollbackMention('Roll back the deployment.\nThen tell the model owners.')).toBeUndefined();
  });
});

describe('decommissioningMention', () => {
  it('finds retiring models or data', () => {
    expect(decommissioningMention('## End of life\nWhen a model reaches end of life, delete its weights.')?.text).toBe('model reaches end of life');
    expect(decommissioningMention('We decommission datasets after 2 years.')).toEqual({ line: 1, text: 'decommission datasets' });
  });

  it('does not take retiring servers or people for it', () => {
    expect(decommissioningMention('We decommission old servers. The maintainer retired last year.')).toBeUndefined();
  });
});

describe('isAboutModelChoice and firstHeading', () => {
  it('tells a model choice from other decisions', () => {
    expect(isAboutModelChoice('# Use Claude for summaries\n## Decision\nWe chose Claude Sonnet over GPT-4o.')).toBe(true);
    expect(isAboutModelChoice('# Embeddings\nOptions considered: two embedding models.')).toBe(true);
    expect(isAboutModelChoice('# Use PostgreSQL\n## Decision\nThe data model stays relational; we chose PostgreSQL.')).toBe(false);
    expect(isAboutModelChoice('# Threat model format\nWe chose Markdown over Threat Dragon.')).toBe(false);
  });

  it('reads the first ATX heading', () => {
    expect(firstHeading('intro\n\n# 3. Use Llama 3.1 #\ntext')).toBe('3. Use Llama 3.1');
    expect(firstHeading('no heading\n#hashtag')).toBeUndefined();
  });
});

describe('keptText and printable', () => {
  it('keeps a lower-cased, bounded copy', () => {
    expect(keptText('Hello\r\nWorld')).toEqual({ text: 'hello\nworld', truncated: false });
    const long = keptText('A'.repeat(MAX_KEPT_TEXT + 10));
    expect(long.truncated).toBe(true);
    expect(long.text.length).toBe(MAX_KEPT_TEXT);
    expect(printable('a\u0000b\n\tc  d', 80)).toBe('a b c d');
    expect(printable('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('the document readers on hostile input', () => {
  it('never throw, and report lines that exist', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const lines = text.split('\n').length;
        for (const mention of [rollbackMention(text), decommissioningMention(text)]) {
          if (!mention) continue;
          expect(mention.line).toBeGreaterThanOrEqual(1);
          expect(mention.line).toBeLessThanOrEqual(lines);
          expect(mention.text.length).toBeLessThanOrEqual(80);
        }
        userGuidanceTopics(text);
        isAboutModelChoice(text);
        const heading = firstHeading(text);
        if (heading !== undefined) expect(heading.length).toBeLessThanOrEqual(100);
      }),
      { numRuns: 1000 },
    );
  });

  it('finish quickly on a MiB of near-misses', () => {
    const texts = [
      'roll back '.repeat(110_000),
      'model '.repeat(180_000),
      'decommission the '.repeat(65_000),
      `# ${'x'.repeat(1_000_000)}`,
      'retention '.repeat(100_000),
    ];
    for (const text of texts) {
      const started = performance.now();
      rollbackMention(text);
      decommissioningMention(text);
      userGuidanceTopics(text);
      isAboutModelChoice(text);
      firstHeading(text);
      expect(performance.now() - started).toBeLessThan(1500);
    }
  });
});
