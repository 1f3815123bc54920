/**
 * @module Checks the tensor layout of a safetensors file against its data area, as the safetensors crate's
 * `Metadata::validate` does: each tensor's byte length equals shape x dtype, and the tensors, sorted by
 * offset, tile the data area exactly. What the crate refuses, other readers (which seek to each offset on
 * their own) may still load, so each deviation is reported with what it allows.
 */
import type { Problem } from './problem.js';
import { addProblem } from './problem.js';
import type { SafetensorsFile, TensorEntry } from './safetensors-file.js';
import { DTYPE_BITS } from './safetensors-file.js';

export interface Region {
  /** Offsets in the file, not in the data area. */
  readonly start: number;
  readonly end: number;
}

export interface Layout {
  /** Tensors whose bytes are out of bounds, overlap others, or disagree with their shape and dtype. */
  readonly problems: Problem[];
  /** Bytes of the data area that no tensor covers. */
  readonly unreferenced: Region[];
}

const describe = (t: TensorEntry) => `"${t.name.length > 80 ? `${t.name.slice(0, 77)}...` : t.name}" (${t.dtype} [${t.shape.join(', ')}], bytes ${t.start}-${t.end})`;

function sizeProblem(tensor: TensorEntry): string | undefined {
  if (tensor.end < tensor.start) return `tensor ${describe(tensor)} ends before it starts`;
  const elements = tensor.shape.reduce((n, d) => n * d, 1n);
  const bits = elements * BigInt(DTYPE_BITS[tensor.dtype]!);
  if (bits % 8n !== 0n) return `tensor ${describe(tensor)} has ${elements} elements of ${DTYPE_BITS[tensor.dtype]} bits, which is not a whole number of bytes`;
  const length = tensor.end - tensor.start;
  if (bits / 8n !== length) return `tensor ${describe(tensor)} spans ${length} bytes but its shape and dtype need ${bits / 8n}`;
  return undefined;
}

export function checkLayout(file: SafetensorsFile): Layout {
  const layout: Layout = { problems: [], unreferenced: [] };
  if (file.dataStart === undefined || file.dataSize === undefined) return layout;
  const { dataStart } = file;
  const dataSize = BigInt(file.dataSize);
  const at = (offset: bigint) => dataStart + Number(offset);
  for (const tensor of file.tensors) {
    const problem = sizeProblem(tensor);
    if (problem) addProblem(layout.problems, { message: problem, offset: at(tensor.start < dataSize ? tensor.start : dataSize) });
    if (tensor.end > dataSize) {
      addProblem(layout.problems, {
        message: `tensor ${describe(tensor)} ends past the data area, which holds ${dataSize} bytes: the file is truncated, or a reader that trusts the offsets reads out of bounds`,
        offset: at(tensor.start < dataSize ? tensor.start : dataSize),
      });
    }
  }
  const sorted = [...file.tensors].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  let cursor = 0n;
  let previous: TensorEntry | undefined;
  for (const tensor of sorted) {
    if (tensor.start > cursor && cursor < dataSize) {
      const end = tensor.start < dataSize ? tensor.start : dataSize;
      layout.unreferenced.push({ start: at(cursor), end: at(end) });
    } else if (tensor.start < cursor && previous) {
      addProblem(layout.problems, {
        message: `tensor ${describe(tensor)} overlaps tensor ${describe(previous)}: two tensors read the same bytes, which the safetensors library refuses`,
        offset: at(tensor.start < dataSize ? tensor.start : dataSize),
      });
    }
    if (tensor.end > cursor) {
      cursor = tensor.end;
      previous = tensor;
    }
  }
  if (cursor < dataSize) layout.unreferenced.push({ start: at(cursor), end: at(dataSize) });
  return layout;
}
