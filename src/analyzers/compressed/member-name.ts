/**
 * @module The name the decompressed content goes by: the file's name without its compression extension
 * (`model.pkl.gz` -> `model.pkl`, `weights.tgz` -> `weights.tar`), else `<name>.decompressed`. The engine sniffs
 * the content itself; the name only helps where content cannot tell (text formats).
 */

const STRIPPED = /\.(gz|gzip|z|zz|zlib|deflate|bz2|bzip2|xz|lzma|zst|zstd)$/i;
const TAR_SHORTHANDS = /\.(tgz|taz|tbz|tbz2|tb2|txz|tzst)$/i;

export function decompressedName(pathOrMember: string): string {
  const base = pathOrMember.slice(Math.max(pathOrMember.lastIndexOf('/'), pathOrMember.lastIndexOf('!')) + 1) || 'file';
  if (TAR_SHORTHANDS.test(base)) return base.replace(TAR_SHORTHANDS, '.tar');
  const stripped = base.replace(STRIPPED, '');
  return stripped !== base && stripped !== '' ? stripped : `${base}.decompressed`;
}
