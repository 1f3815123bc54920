/**
 * @module A deflated member as a ByteSource that inflates only when read. The engine checks its budgets
 * against `size` before reading anything, and sniffing needs only the first kilobyte, so a member that no
 * analyzer claims (or that the budgets refuse) costs a small prefix at most. Reading further inflates the whole
 * member, but never more than `inflateLimit` bytes (what aigis holds in memory for one member): a reader that
 * only needs a header (numpy, safetensors) still sees the whole declared size, and one that reads past the
 * limit is recorded, so the file can be marked inconclusive.
 */
import type { ByteSource } from '../../lib/byte-source.js';
import type { InflateResult } from '../../lib/bounded-inflate.js';
import { inflateBounded } from '../../lib/bounded-inflate.js';

/** Compressed bytes inflated for a sniff, and the most output that prefix may give. */
const PREFIX_INPUT = 16 * 1024;
const PREFIX_LIMIT = 16 * 1024 * 1024;

/** A window onto another source (the lazy source's own bytes only exist once inflated). */
class WindowSource implements ByteSource {
  constructor(
    private readonly parent: ByteSource,
    private readonly base: number,
    readonly size: number,
  ) {}

  read(offset: number, length: number): Uint8Array {
    const start = Math.min(Math.max(0, offset), this.size);
    return this.parent.read(this.base + start, Math.min(Math.max(0, length), this.size - start));
  }

  slice(offset: number, length: number): ByteSource {
    const start = Math.min(Math.max(0, offset), this.size);
    return new WindowSource(this.parent, this.base + start, Math.min(Math.max(0, length), this.size - start));
  }
}

export class DeflatedMemberSource implements ByteSource {
  private prefix: Uint8Array | undefined;
  private whole: InflateResult | undefined;
  /** Some read asked for bytes past the inflate limit, which it did not get. */
  readPastLimit = false;

  /**
   * @param compressed the member's compressed bytes
   * @param size how many bytes the member is read as (its declared size, or less for a bomb)
   * @param inflateLimit how many of them may be inflated
   */
  constructor(
    private readonly compressed: ByteSource,
    readonly size: number,
    private readonly inflateLimit = size,
  ) {}

  /** How inflating the whole member went; undefined if nobody read past the prefix. */
  get outcome(): InflateResult | undefined {
    return this.whole;
  }

  read(offset: number, length: number): Uint8Array {
    const start = Math.min(Math.max(0, offset), this.size);
    const end = start + Math.min(Math.max(0, length), this.size - start);
    if (end > this.inflateLimit) this.readPastLimit = true;
    const bytes = this.whole?.bytes ?? this.prefixCovering(end) ?? this.inflateWhole().bytes;
    return bytes.subarray(Math.min(start, bytes.length), Math.min(end, bytes.length));
  }

  slice(offset: number, length: number): ByteSource {
    const start = Math.min(Math.max(0, offset), this.size);
    return new WindowSource(this, start, Math.min(Math.max(0, length), this.size - start));
  }

  /** The inflated prefix when it reaches `end`; undefined when the whole member is needed. */
  private prefixCovering(end: number): Uint8Array | undefined {
    if (end > PREFIX_LIMIT) return undefined;
    if (!this.prefix) {
      const input = this.compressed.read(0, PREFIX_INPUT);
      if (input.length >= this.compressed.size) return (this.whole = inflateBounded(input, 'raw', this.inflateLimit)).bytes;
      const limit = Math.min(this.inflateLimit, PREFIX_LIMIT);
      const result = inflateBounded(input, 'raw', limit);
      // The prefix already tells the whole story when the stream ended, broke, or filled the inflate limit.
      if (result.end === 'complete' || result.end === 'corrupt' || (result.end === 'limit' && limit === this.inflateLimit)) {
        return (this.whole = result).bytes;
      }
      this.prefix = result.bytes;
    }
    return end <= this.prefix.length ? this.prefix : undefined;
  }

  private inflateWhole(): InflateResult {
    // Deflate never needs much more input than output: stored blocks cost 5 bytes per 64 KiB.
    const inputBound = this.inflateLimit + Math.ceil(this.inflateLimit / 64) + 1024 * 1024;
    this.whole = inflateBounded(this.compressed.read(0, Math.min(this.compressed.size, inputBound)), 'raw', this.inflateLimit);
    this.prefix = undefined;
    return this.whole;
  }
}
