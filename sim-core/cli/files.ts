import { accessSync, closeSync, constants, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { ExplainedUsageError } from './args';

/** An output file could not be written (a full disk, a device that refuses): the tool failed, exit 3. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/**
 * What a write to `path` lands on: through a symbolic link, the file it names (which may not exist yet), so the
 * link stays a link. Links to links are followed as the system follows them.
 */
function writeTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    // Missing, or a link to a file not there yet.
    try {
      if (lstatSync(path).isSymbolicLink()) return resolve(dirname(resolve(path)), readlinkSync(path));
    } catch {
      // not there at all
    }
    return path;
  }
}

/** The descriptor a path names when it is one of this process's own (/dev/stdout, /dev/fd/3, /proc/self/fd/1), else null. */
function ownDescriptor(path: string): number | null {
  const p = resolve(path);
  if (p === '/dev/stdout') return 1;
  if (p === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/(?:self|thread-self|(\d+))\/fd)\/(\d+)$/.exec(p);
  return m && (m[1] === undefined || Number(m[1]) === process.pid) ? Number(m[2]) : null;
}

/**
 * Write a file whole or not at all: to a temporary name beside it, flushed to disk, then renamed over the target
 * (atomic on one filesystem). A batch task killed mid-write leaves no truncated part for `merge` to trip over,
 * and the previous file, if any, stays whole until the new one replaces it. Through a symbolic link the file it
 * names is replaced (not the link); a device or a FIFO (/dev/null, a FIFO a reader waits on) cannot be renamed over
 * and is written to as it is; one of this process's own descriptors (/dev/stdout) is written to directly.
 * A failure is an OutputError naming the file.
 */
export function writeFileAtomic(path: string, text: string): void {
  // Written to the descriptor itself: reopening it by name fails for a socket (a pipe from Node's child_process is
  // one) and would truncate a file the shell redirected to. Standard output keeps the order of what is already on it.
  const fd = ownDescriptor(path);
  if (fd === 1) return void process.stdout.write(text);
  if (fd === 2) return void process.stderr.write(text);
  if (fd !== null) {
    try {
      return writeFileSync(fd, text);
    } catch (e) {
      throw new OutputError(`could not write ${path}: ${(e as Error).message}`);
    }
  }
  const target = writeTarget(path);
  let special = false;
  try {
    // Followed as the kernel follows it: a device or a FIFO, however it is named, is written to, never replaced.
    special = !statSync(path).isFile();
  } catch {
    // not there yet: an ordinary new file
  }
  const tmp = `${target}.tmp-${process.pid}`;
  try {
    if (special) return writeFileSync(path, text);
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
  } catch (e) {
    try {
      if (!special) rmSync(tmp, { force: true });
    } catch {
      // Whatever stands at the temporary name (a folder) is not ours to remove; the write's own error is the one to tell.
    }
    // The system's message names the temporary file (`open '/x/out.json.tmp-4242'`), which the user never named.
    const err = e as NodeJS.ErrnoException;
    const why = err.path === tmp ? `${err.message.replace(/, \w+ '.*'$/, '')} (creating the temporary file written beside it, then renamed over it)` : err.message;
    throw new OutputError(`could not write ${path}${target === path ? '' : ` (${target})`}: ${why}`);
  }
}

/**
 * Check before a run that `path` (given with `flag`) can be written: its folder exists and is writable, and it is
 * not a folder itself. A run that finishes and then cannot write its result has lost the work. The message says
 * what to change (the path), so no usage text follows it.
 */
export function checkWritable(path: string, flag: string): void {
  // The usual "-" for stdout would make a file named "-": stdout already carries the summary or the JSON.
  if (path === '-') throw new ExplainedUsageError(`${flag} -: give a file name (stdout already carries the summary, or with --json the JSON)`);
  // This process's own descriptor (/dev/stdout) is written to directly, not through its folder.
  if (ownDescriptor(path) !== null) return;
  const dir = dirname(resolve(writeTarget(path)));
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
  let existing;
  try {
    existing = statSync(path);
  } catch {
    return; // not there yet: fine
  }
  if (existing.isDirectory()) throw new ExplainedUsageError(`${flag} ${path} is a folder: give a file name`);
  // A device or pipe is written in place (writeFileAtomic), which needs the right to write it, not its folder.
  if (!existing.isFile()) {
    try {
      accessSync(path, constants.W_OK);
    } catch {
      throw new ExplainedUsageError(`${flag} ${path} is not writable`);
    }
  }
}

/** The same file however it is named (relative, absolute, through a symbolic link to it or to its folder). */
function fileKey(path: string): string {
  const target = writeTarget(path);
  try {
    return realpathSync(target);
  } catch {
    // Not there yet: its folder may still be reached through a link.
    try {
      return join(realpathSync(dirname(resolve(target))), basename(target));
    } catch {
      return resolve(target);
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
 * A file's bytes as text: UTF-8, or UTF-16 when a byte-order mark says so (Windows Notepad's "Unicode"), as a
 * browser reads it; the mark itself is left out.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    // Big-endian pairs, swapped to little-endian (an odd last byte is no whole character: left out).
    return Buffer.from(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1))).swap16().toString('utf16le');
  }
  return bytes.toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * A file's text, never holding more than `limit` bytes of it: a larger file is refused from its size before any
 * is read, and one whose size says nothing (a device such as /dev/zero, a pipe) is read only up to the limit.
 * Errors from the file system (ENOENT, EISDIR, …) are thrown as they are. A UTF-8 byte-order mark, which some
 * editors write and JSON.parse refuses as an invisible "unexpected token", is left out (see decodeText).
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
    return decodeText(Buffer.concat(chunks, total));
  } finally {
    closeSync(fd);
  }
}
