/** JSON parse errors as a person fixing a scenario file reads them (sim-core/scenario/json.ts), in the CLI and the dashboard. */
import { describe, expect, it } from 'vitest';
import { jsonErrorText } from '../../sim-core/scenario/json';

const errorOf = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (e) {
    return jsonErrorText((e as Error).message, text);
  }
  throw new Error(`${text} parsed`);
};

describe('jsonErrorText', () => {
  it('gives the line and column an editor shows for an error at a position', () => {
    expect(errorOf('{"version": 2,\n  "wave": {\n    "containers": 5,\n  }\n}')).toMatch(/ at line 4, column 3 \(/);
  });

  it('names what hand-edited files hold and JSON does not: a comment, a comma before } or ] (not inside a string)', () => {
    expect(errorOf('{"version": 2,\n  "wave": {\n    "containers": 5,\n  }\n}')).toMatch(/\(JSON allows no comma before \} or \]: remove the one at line 3, column 20\)$/);
    expect(errorOf('[1, 2,]')).toMatch(/\(JSON allows no comma before \} or \]: remove the one at line 1, column 6\)$/);
    expect(errorOf('{\n  // staging\n  "version": 2}')).toMatch(/\(JSON has no comments: remove the \/\/ at line 2, column 3\)$/);
    expect(errorOf('{"version": 2 /* v2 */}')).toMatch(/\(JSON has no comments: remove the \/\* at line 1, column 15\)$/);
    // In a string, // and ,} are text: another error is not given their hint.
    expect(errorOf('{"name": "see http://x,}", "version": 2 x}')).not.toMatch(/comments|no comma/);
  });

  it('writes control characters of a binary file as escapes, never as they are', () => {
    const message = errorOf('\u0000\u0001\u001b[31mjunk');
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(message).toContain('\\u001b');
  });

  it('names NaN, Infinity and undefined (JSON has no such values) with their line and column', () => {
    expect(errorOf('{"version": 2, "wave": {"containers": NaN}}')).toBe('NaN at line 1, column 39 is not a JSON value: write a number (JSON has no NaN, Infinity or undefined)');
    expect(errorOf('{"version": 2,\n"wave": {"containers": Infinity}}')).toMatch(/^Infinity at line 2, column 24 is not a JSON value/);
    // -Infinity (Python's json.dumps writes it): the engine stops after the minus sign; the word is named with it.
    expect(errorOf('{"version": 2,\n"wave": {"containers": -Infinity}}')).toMatch(/^-Infinity at line 2, column 24 is not a JSON value/);
    expect(errorOf('{"version": 2, "name": "NaN and Infinity", "x": undefined}')).toMatch(/^undefined at line 1, column 49 /);
  });

  it('leaves a message it cannot place as the engine wrote it, on one line', () => {
    expect(errorOf('{"version": 2')).not.toMatch(/\n/);
    expect(errorOf('{"version": 2, "name": "Naming"')).not.toMatch(/is not a JSON value/);
    // An earlier error is not blamed on a later NaN or undefined.
    expect(errorOf('{"a": tru,\n "b": undefined}')).not.toMatch(/is not a JSON value/);
  });
});
