import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/corpus/split-sentences.js';

describe('splitSentences', () => {
  it('keeps abbreviations, initials, decimals and acronyms inside their sentence', () => {
    const line =
      'The U.S. Army paid $3.5 billion. Mr. Smith cited Brown v. Board of Education and John F. Kennedy. In Jan. 2020 it fell!';
    expect(splitSentences(line).map((span) => span.text)).toEqual([
      'The U.S. Army paid $3.5 billion.',
      'Mr. Smith cited Brown v. Board of Education and John F. Kennedy.',
      'In Jan. 2020 it fell!',
    ]);
  });

  it('gives offsets that slice exactly the sentence out of the line', () => {
    const line = '  "Ukraine needs support right now."  She said so.  ';
    for (const span of splitSentences(line)) expect(line.slice(span.start, span.end)).toBe(span.text);
    expect(splitSentences(line).map((span) => span.text)).toEqual([
      '"Ukraine needs support right now."',
      'She said so.',
    ]);
  });

  it('splits a very long line into all its sentences', () => {
    const line = Array.from({ length: 5000 }, (_, index) => `Sentence number ${index} ends here.`).join(' ');
    expect(splitSentences(line)).toHaveLength(5000);
  });
});
