import { performance } from 'node:perf_hooks';

/**
 * A progress line on stderr while a long command runs, for a person at a terminal: rewritten in place
 * (`3,000 / 10,000 replications · 2.1 s · about 5 s left`) and erased at the end, so that what the command prints
 * afterwards starts on a clean line. Nothing when stderr is not a terminal (CI logs, pipes): there a line per
 * update would only be noise. A terminal without cursor controls (TERM=dumb) gets its line blanked with spaces
 * rather than an escape sequence.
 */
export interface Progress {
  /** Whether anything is shown (stderr is a terminal): work need not report progress otherwise. */
  readonly active: boolean;
  /** `done` of the total (or, with no total, so far). */
  update(done: number): void;
  end(): void;
}

const NONE: Progress = { active: false, update() {}, end() {} };

export function progressLine(total: number | null, unit = 'replications', stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return NONE;
  const t0 = performance.now();
  let width = 0;
  const write = (text: string) => {
    stream.write(`\r${text}${' '.repeat(Math.max(0, width - text.length))}`);
    width = text.length;
  };
  return {
    active: true,
    update(done) {
      const ms = performance.now() - t0;
      const count = total === null ? `${done.toLocaleString('en-US')} ${unit}` : `${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} ${unit}`;
      // Time left at the pace so far, once there is a pace to go by.
      const left = total !== null && done > 0 && done < total && ms >= 1000 ? ` · about ${Math.ceil(((total - done) * ms) / done / 1000)} s left` : '';
      write(`${count} · ${(ms / 1000).toFixed(1)} s${left}`);
    },
    end() {
      if (width === 0) return;
      if (process.env.TERM === 'dumb') stream.write(`\r${' '.repeat(width)}\r`);
      else stream.write('\r\x1b[K');
      width = 0;
    },
  };
}
