import { accessSync, closeSync, constants, fstatSync, fsyncSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExplainedUsageError } from './args';

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
 * not a folder itself. A run that finishes and then cannot write its result has lost the work. The message says
 * what to change (the path), so no usage text follows it.
 */
export function checkWritable(path: string, flag: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ExplainedUsageError(`${flag} ${path}: the folder ${dir} does not exist`);
  }
  if (!isDir) throw new ExplainedUsageError(`${flag} ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ExplainedUsageError(`${flag} ${path}: the folder ${dir} is not writable`);
  }
  let target = false;
  try {
    target = statSync(path).isDirectory();
  } catch {
    return; // not there yet: fine
  }
  if (target) throw new ExplainedUsageError(`${flag} ${path} is a folder: give a file name`);
}

/** The same file however it is named (relative, absolute, through a symbolic link to it or to its folder). */
function fileKey(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Not there yet: its folder may still be reached through a link.
    try {
      return join(realpathSync(dirname(resolve(path))), basename(path));
    } catch {
      return resolve(path);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Check before a run that no output (`[flag, path]`) would overwrite one of the input files (`inputs`: a scenario,
 * a baseline, part files; names that are not files, such as presets and links, are skipped) or another output.
 * `sim mine.json --out mine.json` would replace the scenario the user wrote with a results file.
 */
export function checkOutputsDistinct(outputs: ReadonlyArray<readonly [flag: string, path: string | undefined]>, inputs: ReadonlyArray<string | undefined>): void {
  const inputFiles = new Map<string, string>();
  for (const p of inputs) if (p !== undefined && isFile(p)) inputFiles.set(fileKey(p), p);
  const written = new Map<string, string>();
  for (const [flag, path] of outputs) {
    if (path === undefined) continue;
    const key = fileKey(path);
    const input = inputFiles.get(key);
    if (input !== undefined) throw new ExplainedUsageError(`${flag} ${path} is the input file ${input}: writing it would replace it; give the output another name`);
    const other = written.get(key);
    if (other !== undefined) throw new ExplainedUsageError(`${flag} ${path} is also where ${other} writes: give each output its own file`);
    written.set(key, flag);
  }
}

/** A file past the limit readTextBounded was given: `bytes` is its size, or how much was read before stopping. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError';
  constructor(
    readonly bytes: number,
    readonly limit: number,
    /** False when reading stopped at the limit (a device or a pipe, whose size is not known). */
    readonly exact: boolean,
  ) {
    super(`${exact ? '' : 'more than '}${bytes.toLocaleString('en-US')} bytes, over the limit of ${limit.toLocaleString('en-US')}`);
  }

  /** "is 2,000,000 bytes" or "has more than 1,048,576 bytes" */
  get sizeText(): string {
    return this.exact ? `is ${this.bytes.toLocaleString('en-US')} bytes` : `has more than ${this.limit.toLocaleString('en-US')} bytes`;
  }
}

/**
 * A file's text, never holding more than `limit` bytes of it: a larger file is refused from its size before any
 * is read, and one whose size says nothing (a device such as /dev/zero, a pipe) is read only up to the limit.
 * Errors from the file system (ENOENT, EISDIR, …) are thrown as they are. A UTF-8 byte-order mark, which some
 * editors write and JSON.parse refuses as an invisible "unexpected token", is left out.
 */
export function readTextBounded(path: string, limit: number): string {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > limit) throw new TooLargeError(size, limit, true);
    const chunks: Buffer[] = [];
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let total = 0;
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > limit) throw new TooLargeError(total, limit, false);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return Buffer.concat(chunks, total).toString('utf8').replace(/^\uFEFF/, '');
  } finally {
    closeSync(fd);
  }
}
