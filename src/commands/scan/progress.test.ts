import { describe, expect, it, vi } from 'vitest';
import { progressLine } from './progress.js';

function fakeStream() {
  const writes: string[] = [];
  return { writes, stream: { columns: 60, write: (text: string) => writes.push(text) } as unknown as NodeJS.WriteStream };
}

describe('progressLine', () => {
  it('redraws one line on stderr, at most ten times a second, and clears it at the end', () => {
    vi.useFakeTimers();
    try {
      const { writes, stream } = fakeStream();
      const line = progressLine(stream);
      line.update({ discovering: true, discovered: 10, done: 4 });
      line.update({ discovering: true, discovered: 20, done: 8 }); // within 100 ms: skipped
      vi.advanceTimersByTime(150);
      line.update({ discovering: false, discovered: 20, done: 10 });
      line.clear();
      expect(writes).toEqual([
        '\raigis: scanning... 4 files (still discovering)\u001b[K',
        '\raigis: [############------------] 10/20 files\u001b[K',
        '\r\u001b[K',
      ]);
      expect(writes.every((w) => w.replace(/\u001b\[K/, '').length <= 60)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes nothing to clear when it never drew', () => {
    const { writes, stream } = fakeStream();
    progressLine(stream).clear();
    expect(writes).toEqual([]);
  });
});
