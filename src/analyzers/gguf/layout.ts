/**
 * @module Checks where GGUF tensor data lies. ggml's reader wants every tensor aligned, in file order, back to
 * back with padding to the alignment, inside the file; gguf-py and other readers seek to each offset on their
 * own. So data past the end is an out-of-bounds read for a reader that trusts it, and overlaps, gaps, reordering
 * or extra bytes are places where readers disagree or where a second payload can hide.
 */
import { keep } from './bounded.js';
import type { GgufFile, TensorInfo } from './gguf-file.js';

export interface Region {
  readonly start: number;
  readonly end: number;
}

export interface LayoutProblem {
  readonly message: string;
  readonly offset: number;
}

export interface GgufLayout {
  readonly outOfBounds: LayoutProblem[];
  readonly irregular: LayoutProblem[];
  /** Bytes that no tensor covers, beyond alignment padding (file offsets). */
  readonly unreferenced: Region[];
}

const add = (list: LayoutProblem[], problem: LayoutProblem) => keep(list, problem, (message) => ({ message, offset: problem.offset }));
const pad = (n: number, alignment: number) => n + ((alignment - (n % alignment)) % alignment);
const describe = (t: TensorInfo) => `"${t.name.length > 64 ? `${t.name.slice(0, 61)}...` : t.name}" (offset ${t.offset}${t.bytes === undefined ? '' : `, ${t.bytes} bytes`})`;

function gapsAndOverlaps(file: GgufFile, dataStart: number, dataSize: number, layout: GgufLayout): number {
  const sorted = [...file.tensors].sort((a, b) => a.offset - b.offset || a.bytes! - b.bytes!);
  let cursor = 0;
  let previous: TensorInfo | undefined;
  for (const tensor of sorted) {
    if (tensor.offset < cursor && previous) {
      add(layout.irregular, { message: `tensor ${describe(tensor)} overlaps tensor ${describe(previous)}: two tensors share bytes`, offset: dataStart + tensor.offset });
    } else if (Math.min(tensor.offset, dataSize) > pad(cursor, file.alignment)) {
      // Padding up to the alignment is expected; what lies beyond it belongs to nothing.
      const [gapStart, gapEnd] = [dataStart + pad(cursor, file.alignment), dataStart + Math.min(tensor.offset, dataSize)];
      layout.unreferenced.push({ start: gapStart, end: gapEnd });
      add(layout.irregular, { message: `bytes ${gapStart}-${gapEnd} between tensors belong to no tensor`, offset: gapStart });
    }
    if (tensor.offset + tensor.bytes! > cursor) {
      cursor = tensor.offset + tensor.bytes!;
      previous = tensor;
    }
  }
  return cursor;
}

/** ggml's own rule: in file order, each tensor starts where the padded previous one ends. */
function fileOrderMismatch(file: GgufFile): TensorInfo | undefined {
  let expected = 0;
  for (const tensor of file.tensors) {
    if (tensor.offset !== expected) return tensor;
    expected += pad(tensor.bytes!, file.alignment);
  }
  return undefined;
}

export function checkLayout(file: GgufFile, fileSize: number): GgufLayout {
  const layout: GgufLayout = { outOfBounds: [], irregular: [], unreferenced: [] };
  const { dataStart } = file;
  if (dataStart === undefined) return layout;
  const dataSize = fileSize - dataStart;
  for (const tensor of file.tensors) {
    if (tensor.offset % file.alignment !== 0) {
      add(layout.irregular, { message: `tensor ${describe(tensor)} is not aligned to ${file.alignment} bytes`, offset: tensor.infoOffset });
    }
    const end = tensor.offset + (tensor.bytes ?? 0);
    if (end > dataSize || tensor.offset > dataSize) {
      add(layout.outOfBounds, {
        message: `tensor ${describe(tensor)} ends at byte ${dataStart + end} of a ${fileSize}-byte file: the file is truncated, or its tensor info lies so that a reader trusting it reads out of bounds`,
        offset: tensor.infoOffset,
      });
    }
  }
  if (file.tensors.some((t) => t.bytes === undefined)) return layout; // sizes unknown: gaps cannot be told from data
  const covered = gapsAndOverlaps(file, dataStart, dataSize, layout);
  if (layout.irregular.length === 0) {
    const outOfOrder = fileOrderMismatch(file);
    if (outOfOrder) add(layout.irregular, { message: `tensor ${describe(outOfOrder)} is not where ggml expects it in file order: ggml refuses the file, other readers load it`, offset: outOfOrder.infoOffset });
  }
  // The data section ends at the padded end of the last tensor (writers pad after it, and after the tensor
  // infos when there is no tensor at all).
  const end = dataStart + pad(covered, file.alignment);
  if (fileSize > end) {
    layout.unreferenced.push({ start: end, end: fileSize });
    add(layout.irregular, { message: `${fileSize - end} bytes follow the end of the tensor data (byte ${end}): readers ignore them`, offset: end });
  }
  return layout;
}
