import { countOf } from '../count-of.js';
import { fail, ok, type Result } from '../result.js';

/** Lines `from` to `to` of an article (inclusive, from 1), with a note when the request was cut to the article's end. */
export interface LineRange {
  from: number;
  to: number;
  note: string | null;
}

/**
 * Reads the lines to show, for both front ends: one line (`5`) or a range (`3-8`); nothing means every line. A range
 * that starts inside the article but runs past its end is cut at the last line, with a note saying so; a line or
 * range starting past the end, a line 0 and a range written backwards are refused with a message that says why.
 */
export function parseLineRange(
  text: string | null | undefined,
  lineCount: number,
): Result<LineRange, 'bad-range'> {
  if (text === null || text === undefined || text.trim() === '')
    return ok({ from: 1, to: lineCount, note: null });
  const match = /^\s*(\d{1,9})\s*(?:[-\u2013]\s*(\d{1,9}))?\s*$/.exec(text);
  if (!match) return fail('bad-range', 'Give the lines as one number, like 5, or a range, like 3-8.');
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (from < 1)
    return fail('bad-range', 'Lines are numbered from 1; give a line like 5 or a range like 3-8.');
  if (to < from) {
    return fail(
      'bad-range',
      `The range ${from}-${to} runs backwards; give the first line first, like ${to}-${from}.`,
    );
  }
  const lines = countOf(lineCount, 'line');
  if (from > lineCount) {
    return fail(
      'bad-range',
      `The article has ${lines}, so there is no line ${from}; give lines from 1 to ${lineCount}.`,
    );
  }
  if (to > lineCount) {
    return ok({
      from,
      to: lineCount,
      note: `The article ends at line ${lineCount}, so lines ${from}-${lineCount} are shown.`,
    });
  }
  return ok({ from, to, note: null });
}
