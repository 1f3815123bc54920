/**
 * @module sevenzip: 7z archives. No maintained pure-JavaScript 7z reader exists (7z-wasm is the whole 7-Zip
 * compiled to WebAssembly, working through an in-memory file system; 7z-iterator extracts to disk), so aigis
 * does not open them. A container it cannot open must never pass as clean: every 7z file is inconclusive, with
 * what to do instead. The nullifAI models were 7z-wrapped PyTorch files.
 */
import { defineAnalyzer } from '../../core/analyzer.js';

export const sevenZipAnalyzer = defineAnalyzer({
  id: 'sevenzip',
  version: '1',
  description: 'Marks 7z archives inconclusive: aigis cannot open them, so their contents must be extracted and scanned.',
  rules: [],
  fileTypes: ['7z'],
  analyzeFile(_file, context) {
    context.inconclusive('7z archive: aigis cannot open 7z files, so its contents were not scanned; extract it (7z x) and scan the extracted files');
  },
});
