import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Write a file whole or not at all: to a temporary name beside it, then rename (atomic on one filesystem). A
 * batch task killed mid-write leaves no truncated part for `merge` to trip over.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
