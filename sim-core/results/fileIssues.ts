import type { z } from 'zod';
import { showValue } from '../scenario/validate';

/**
 * Problems found in a results or part file, as `field: message` with the field written the way a person finds
 * it in the file: `points[0].aggregate.counts.breaches`.
 */
export interface FileIssue {
  /** '' for the file itself. */
  path: string;
  message: string;
}

/** `['points', 0, 'aggregate']` → `points[0].aggregate`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** Joins a prefix and a field path: `points[0]` + `scenario.wave` → `points[0].scenario.wave`. */
export function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;
}

/** One zod issue in words that name the value. */
export function describeZodIssue(issue: z.core.$ZodIssue, prefix = ''): FileIssue {
  const path = joinPath(prefix, fieldPath(issue.path));
  const value = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: value === undefined ? `is required (${issue.expected})` : `${showValue(value)} is not a valid ${issue.expected === 'int' ? 'whole number' : issue.expected}` };
    case 'too_small':
      return { path, message: `${showValue(value)} is too small (${issue.origin === 'array' ? 'at least ' + issue.minimum + ' entries' : 'at least ' + issue.minimum})` };
    case 'too_big':
      return { path, message: `${showValue(value)} is too big (${issue.origin === 'array' ? 'at most ' + issue.maximum + ' entries' : 'at most ' + issue.maximum})` };
    case 'invalid_value':
      return { path, message: `${showValue(value)} is not allowed: expected ${issue.values.map((v) => showValue(v)).join(' or ')}` };
    case 'unrecognized_keys':
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => showValue(k)).join(', ')}` };
    default:
      return { path, message: value === undefined ? issue.message : `${showValue(value)}: ${issue.message}` };
  }
}

/** Issues as lines, each led by the file: `part-2.json: points[0].seed: "x" is not a valid number`. */
export function formatFileIssues(file: string, issues: readonly FileIssue[]): string {
  return issues.map((i) => `${file}: ${i.path ? `${i.path}: ` : ''}${i.message}`).join('\n');
}
