/**
 * CSV as the CLI prints it and the dashboard exports it: one encoder, so a file from either opens the same way.
 */

/**
 * One cell: a number as it is (empty when not finite: a spreadsheet reads "NaN" as text), text quoted when it holds
 * a comma, quote or line break, or when it starts as a spreadsheet formula would (=, +, -, @, tab), so that a
 * scenario's name or a message opened in a spreadsheet is shown, never run.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as CSV text, a line each, ending with a line break. */
export function csvText(rows: ReadonlyArray<readonly unknown[]>): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;
}
