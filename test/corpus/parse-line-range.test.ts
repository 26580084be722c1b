import { describe, expect, it } from 'vitest';
import { parseLineRange } from '../../src/corpus/parse-line-range.js';

describe('parseLineRange', () => {
  it.each([
    [null, { from: 1, to: 9, note: null }],
    ['  ', { from: 1, to: 9, note: null }],
    ['5', { from: 5, to: 5, note: null }],
    ['3-8', { from: 3, to: 8, note: null }],
    [' 3 \u2013 8 ', { from: 3, to: 8, note: null }],
    ['9', { from: 9, to: 9, note: null }],
    ['3-100', { from: 3, to: 9, note: 'The article ends at line 9, so lines 3-9 are shown.' }],
  ])('reads %j of a 9-line article', (text, range) => {
    expect(parseLineRange(text, 9)).toEqual({ ok: true, value: range });
  });

  it.each([
    ['100', 'The article has 9 lines, so there is no line 100; give lines from 1 to 9.'],
    ['10-12', 'The article has 9 lines, so there is no line 10; give lines from 1 to 9.'],
    ['9-3', 'The range 9-3 runs backwards; give the first line first, like 3-9.'],
    ['0', 'Lines are numbered from 1; give a line like 5 or a range like 3-8.'],
    ['0-4', 'Lines are numbered from 1; give a line like 5 or a range like 3-8.'],
    ['3-', 'Give the lines as one number, like 5, or a range, like 3-8.'],
    ['-3', 'Give the lines as one number, like 5, or a range, like 3-8.'],
    ['lines 3 to 5', 'Give the lines as one number, like 5, or a range, like 3-8.'],
  ])('refuses %j with a message that says why', (text, message) => {
    expect(parseLineRange(text, 9)).toEqual({ ok: false, reason: 'bad-range', message });
  });

  it('says "1 line" for a one-line article', () => {
    expect(parseLineRange('2', 1)).toMatchObject({ message: expect.stringContaining('has 1 line, so') });
  });
});
