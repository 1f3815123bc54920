import { describe, expect, it } from 'vitest';
import { dedent, runOnText } from '../../../../test/support/run-text.js';
import { pythonAnalyzer } from '../analyzer.js';

const RULE = 'python/unpinned-hub-download';
const COMMIT = '4f1c0e9d2b7a6c5e3d8f9a0b1c2d3e4f5a6b7c8d';

async function findings(code: string) {
  const run = await runOnText(pythonAnalyzer, 'load.py', 'python', dedent(code));
  return run.findings.filter((finding) => finding.ruleId === RULE);
}

describe(RULE, () => {
  it('flags missing revisions, branches, tags and short hashes across the hub loaders', async () => {
    const found = await findings(`
      from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline
      from huggingface_hub import hf_hub_download, snapshot_download
      from datasets import load_dataset
      from sentence_transformers import SentenceTransformer

      def load_all():
          tok = AutoTokenizer.from_pretrained("distilbert-base-uncased")
          clf = AutoModelForSequenceClassification.from_pretrained("acme/sentiment", revision="main")
          cls = pipeline("text-classification", "acme/sentiment", revision="v1.2")
          gen = pipeline(task="text-generation", model="acme/gpt")
          weights = hf_hub_download(repo_id="acme/sentiment", filename="model.safetensors", revision="4f1c0e9")
          folder = snapshot_download("acme/sentiment")
          data = load_dataset("acme/reviews", split="train")
          encoder = SentenceTransformer("sentence-transformers/all-MiniLM-L6-v2")
          return tok, clf, cls, gen, weights, folder, data, encoder
    `);
    expect(found.map((f) => [f.location.startLine, f.location.startColumn])).toEqual([
      [7, 11], [8, 11], [9, 11], [10, 11], [11, 15], [12, 14], [13, 12], [14, 15],
    ]);
    expect(found[0]!.message).toBe(
      'AutoTokenizer.from_pretrained downloads the model "distilbert-base-uncased" without pinning it to a commit: no revision= is given, so the default branch is fetched',
    );
    expect(found[1]!.message).toContain('revision="main" is a branch or tag');
    expect(found[2]!.message).toContain('"acme/sentiment"');
    expect(found[4]!.message).toContain('revision="4f1c0e9" is a short commit hash');
    expect(found[4]!.message).toContain('the repository "acme/sentiment"');
    expect(found[6]!.message).toContain('the dataset "acme/reviews"');
  });

  it('flags from_pretrained on project and wrapper classes when transformers is imported, and PEFT adapters by their id', async () => {
    const found = await findings(`
      import transformers
      from peft import PeftModel
      from unsloth import FastLanguageModel

      class Classifier(transformers.PreTrainedModel):
          pass

      model = Classifier.from_pretrained("acme/classifier")
      tuned = PeftModel.from_pretrained(model, "acme/classifier-lora")
      fast, tok = FastLanguageModel.from_pretrained("unsloth/llama-3-8b-bnb-4bit", max_seq_length=2048)
    `);
    expect(found.map((f) => f.location.startLine)).toEqual([8, 9, 10]);
    expect(found[1]!.message).toContain('"acme/classifier-lora"');
  });

  it('stays quiet for a pinned commit, local paths, variables, packaged dataset builders and kwargs', async () => {
    const found = await findings(`
      import os
      from transformers import AutoModel, AutoTokenizer, pipeline
      from datasets import load_dataset

      MODEL_DIR = os.environ["MODEL_DIR"]

      def load(name, rev, **opts):
          a = AutoModel.from_pretrained("acme/encoder", revision="${COMMIT}")
          b = AutoModel.from_pretrained("./checkpoints/encoder")
          c = AutoModel.from_pretrained("/models/encoder")
          d = AutoTokenizer.from_pretrained("../encoder")
          e = AutoModel.from_pretrained(MODEL_DIR)
          f = AutoModel.from_pretrained(name)
          g = AutoModel.from_pretrained("acme/encoder", revision=rev)
          h = AutoModel.from_pretrained("acme/encoder", **opts)
          i = load_dataset("csv", data_files="train.csv")
          j = load_dataset("json", data_files={"train": "train.jsonl"})
          k = pipeline("text-generation", model="./local-model")
          note = "AutoModel.from_pretrained('acme/encoder')"
          return a, b, c, d, e, f, g, h, i, j, k
    `);
    expect(found).toEqual([]);
  });

  it('does nothing when no hub library is imported', async () => {
    const found = await findings(`
      from mylib.models import Encoder

      encoder = Encoder.from_pretrained("acme/encoder")
    `);
    expect(found).toEqual([]);
  });
});
