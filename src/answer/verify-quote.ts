import { fail, ok, type Result } from '../result.js';

const equivalents: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u201b': "'",
  '\u2032': "'",
  '`': "'",
  '\u00b4': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u201f': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2015': '-',
  '\u2212': '-',
};

interface Normalized {
  text: string;
  /** For each character of `text`, its index in the original string. */
  origin: number[];
}

/** Folds white space, quote marks, apostrophes and dashes, remembering where each character came from. */
function normalize(value: string): Normalized {
  let text = '';
  const origin: number[] = [];
  let pendingSpace = false;
  for (let index = 0; index < value.length; index++) {
    const character = value[index] ?? '';
    if (/\s/.test(character) || character === '\u200b' || character === '\u00a0') {
      pendingSpace = text !== '';
      continue;
    }
    if (pendingSpace) {
      text += ' ';
      origin.push(index);
      pendingSpace = false;
    }
    text += equivalents[character] ?? character;
    origin.push(index);
  }
  return { text, origin };
}

const ellipsis = /\s*(?:\.\s?\.\s?\.|\u2026|<\s*\.\.\.\s*>|\[\s*\.\.\.\s*\]|\(\s*\.\.\.\s*\))\s*/;

/** Why a quote was rejected. */
export type QuoteRejection = 'too-short' | 'not-in-line';

/**
 * Checks that `quote` appears word for word in `line` (only white space, quote marks, apostrophes and dashes are
 * folded; an ellipsis splits the quote into pieces that must appear in order) and returns the matching text taken
 * from the stored line, never from the quote itself.
 */
export function verifyQuote(line: string, quote: string): Result<string, QuoteRejection> {
  const pieces = quote
    .trim()
    .replace(/^["'\u201c\u201d\u2018\u2019]+|["'\u201c\u201d\u2018\u2019]+$/g, '')
    .split(ellipsis)
    .map((piece) => normalize(piece).text)
    .filter((piece) => piece !== '');
  const words = pieces
    .join(' ')
    .split(' ')
    .filter((word) => /[\p{L}\p{N}]/u.test(word));
  if (words.length < 2) return fail('too-short', 'A quote must have at least two words.');
  const haystack = normalize(line);
  const found: string[] = [];
  let from = 0;
  for (const piece of pieces) {
    const at = haystack.text.indexOf(piece, from);
    if (at === -1) return fail('not-in-line', 'The quote is not in the cited line.');
    const start = haystack.origin[at] ?? 0;
    const end = (haystack.origin[at + piece.length - 1] ?? start) + 1;
    found.push(line.slice(start, end));
    from = at + piece.length;
  }
  return ok(found.join(' \u2026 '));
}
