/**
 * @module TorchScript archives ship code that torch.jit.load compiles and runs. The archive itself is reported
 * (treat it as code), and its code files are searched for the two operators that touch the file system,
 * aten::save and aten::from_file: TorchScript cannot import Python modules, so these are its way to code
 * execution (CVE-2025-32434 wrote shell start-up files with them).
 */
import type { FileContext } from '../../core/analyzer.js';
import type { ByteSource } from '../../lib/byte-source.js';
import type { LimitedReport } from '../../lib/limited-reports.js';
import { reportLimited } from './entry-checks.js';
import type { ArchiveLayout } from './layout.js';
import { smallMemberBytes } from './members.js';
import type { ZipEntry } from './reader/zip-archive.js';
import { torchscriptArchive } from './rules/torchscript-archive.js';
import { torchscriptFileAccess } from './rules/torchscript-file-access.js';

const FILE_OPERATOR = /\b(?:torch|aten)\s*\.\s*(?:save|from_file)\s*\(/;
const MAX_CODE_FILE_BYTES = 1024 * 1024;
/** Code searched in all, so that a hostile archive of many large code files costs a bounded time. */
const MAX_CODE_BYTES = 64 * 1024 * 1024;
const decoder = new TextDecoder('utf-8', { fatal: false });

function rootOf(name: string): string {
  return name.slice(0, name.indexOf('/')).toLowerCase();
}

/** The line around the first call of a file operator, for the evidence. */
function fileOperatorCall(text: string): string | undefined {
  const match = FILE_OPERATOR.exec(text);
  if (!match) return undefined;
  const start = text.lastIndexOf('\n', match.index) + 1;
  const end = text.indexOf('\n', match.index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}

export function checkTorchScript(source: ByteSource, entries: readonly ZipEntry[], layout: ArchiveLayout, context: FileContext<unknown>): void {
  if (layout.torchScriptRoots.length === 0) return;
  const code = entries.filter((entry) => layout.isTorchScriptCode(entry.name));
  for (const root of layout.torchScriptRoots) {
    const files = code.filter((entry) => rootOf(entry.name) === root);
    const shown = files.slice(0, 3).map((entry) => entry.name);
    context.report(torchscriptArchive, {
      message:
        `Folder "${root}/" is a TorchScript archive with ${files.length} code file${files.length === 1 ? '' : 's'}: ` +
        'torch.jit.load compiles and runs it, and torch.load hands such files to torch.jit.load.',
      evidence: shown.length > 0 ? shown.join(', ') : `${root}/constants.pkl`,
    });
  }
  const calls: LimitedReport[] = [];
  let searched = 0;
  for (const entry of code) {
    if (searched >= MAX_CODE_BYTES) {
      context.inconclusive(`the TorchScript code is larger than ${MAX_CODE_BYTES} bytes; only that much was searched for file operators`);
      break;
    }
    const bytes = smallMemberBytes(source, entry, MAX_CODE_FILE_BYTES);
    searched += bytes?.length ?? 0;
    const call = bytes && fileOperatorCall(decoder.decode(bytes));
    if (call) {
      calls.push({
        message: `TorchScript code in "${entry.name}" calls a file operator (torch.save or torch.from_file): running the model writes or reads files of the user's choosing.`,
        evidence: call,
        offset: entry.offset,
      });
    }
  }
  reportLimited(context, torchscriptFileAccess, calls);
}
