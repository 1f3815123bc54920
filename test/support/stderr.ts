/** Captures what in-process code writes to stderr, with stderr made to look like a terminal (for progress lines). */
import { vi } from 'vitest';

export async function stderrOnTerminal(run: () => Promise<unknown>): Promise<string[]> {
  const stderr = process.stderr as { isTTY?: boolean };
  const wasTTY = stderr.isTTY;
  const written: string[] = [];
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  try {
    stderr.isTTY = true;
    await run();
    return written;
  } finally {
    write.mockRestore();
    stderr.isTTY = wasTTY;
  }
}
