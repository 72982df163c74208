import { accessSync, closeSync, constants, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './args';

/**
 * Write a file whole or not at all: to a temporary name beside it, flushed to disk, then renamed over the target
 * (atomic on one filesystem). A batch task killed mid-write leaves no truncated part for `merge` to trip over,
 * and the previous file, if any, stays whole until the new one replaces it.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Check before a run that `path` (given with `flag`) can be written: its folder exists and is writable, and it is
 * not a folder itself. A run that finishes and then cannot write its result has lost the work.
 */
export function checkWritable(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`${flag} ${path}: the folder ${dir} does not exist`);
  }
  if (!isDir) throw new UsageError(`${flag} ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`${flag} ${path}: the folder ${dir} is not writable`);
  }
  let target = false;
  try {
    target = statSync(path).isDirectory();
  } catch {
    return; // not there yet: fine
  }
  if (target) throw new UsageError(`${flag} ${path} is a folder: give a file name`);
}
