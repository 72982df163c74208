/** Shared by the hardening tests: the `sim` CLI in this process, with its output captured. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { sim } from '../../sim-core/cli/sim';

export interface SimRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run -s sim -- …argv` in this process (no process start-up): the exit code and what it printed. */
export async function simInProcess(argv: string[]): Promise<SimRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    const code = await sim(argv);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** A fresh temporary folder. */
export const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `bootstorm-${name}-`));
