/** @module A one-line progress display on stderr, redrawn at most ten times a second. */
import type { ScanProgress } from '../../engine/scan.js';

const WIDTH = 24;

export interface ProgressLine {
  update(progress: ScanProgress): void;
  clear(): void;
}

export function progressLine(stream: NodeJS.WriteStream): ProgressLine {
  let last = 0;
  let drawn = false;
  return {
    update(progress) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      let line: string;
      if (progress.discovering) {
        line = `aigis: scanning... ${progress.done.toLocaleString('en')} files (still discovering)`;
      } else {
        const fraction = progress.discovered === 0 ? 1 : progress.done / progress.discovered;
        const filled = Math.round(fraction * WIDTH);
        line = `aigis: [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${progress.done.toLocaleString('en')}/${progress.discovered.toLocaleString('en')} files`;
      }
      stream.write(`\r${line.slice(0, (stream.columns || 80) - 1)}\u001b[K`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\u001b[K');
    },
  };
}
