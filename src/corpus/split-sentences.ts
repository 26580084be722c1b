/** A sentence's place within its line: `text` is exactly `line.slice(start, end)`. */
export interface SentenceSpan {
  start: number;
  end: number;
  text: string;
}

const abbreviations = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'sr',
  'jr',
  'st',
  'mt',
  'gen',
  'gov',
  'sen',
  'rep',
  'col',
  'lt',
  'sgt',
  'capt',
  'cmdr',
  'adm',
  'maj',
  'pres',
  'rev',
  'hon',
  'vs',
  'etc',
  'inc',
  'ltd',
  'co',
  'corp',
  'no',
  'nos',
  'fig',
  'approx',
  'jan',
  'feb',
  'mar',
  'apr',
  'jun',
  'jul',
  'aug',
  'sep',
  'sept',
  'oct',
  'nov',
  'dec',
  'e.g',
  'i.e',
  'u.s',
  'u.k',
  'u.n',
  'e.u',
  'a.m',
  'p.m',
  'ft',
  'al',
  'cf',
  'op',
  'vol',
  'pp',
  'ca',
  'est',
  'v',
]);

const marks = /[.!?]/g;

const closers = new Set(['"', "'", '\u201d', '\u2019', ')', ']', '\u00bb']);

function isBoundary(line: string, index: number): boolean {
  const mark = line[index];
  if (mark === '!' || mark === '?') return true;
  if (mark !== '.') return false;
  // A decimal point or a dotted abbreviation continues the sentence.
  // Only the word just before the mark matters; looking back a little keeps long lines linear.
  const before = line.slice(Math.max(0, index - 40), index);
  const rawWord = trailingWord(before);
  const word = rawWord.toLowerCase();
  if (abbreviations.has(word) || abbreviations.has(word.replace(/^\./, ''))) return false;
  if (/^\p{Lu}$/u.test(rawWord)) return false; // an initial, as in "John F. Kennedy"
  if (/(^|\.)\p{L}\.\p{L}$/u.test(word)) return false; // "U.S" style acronyms
  return !/\d$/.test(before) || !/^\d/.test(line.slice(index + 1));
}

/** The run of letters and full stops that ends `text` (what `/([\p{L}.]+)$/u` finds), scanned from the end. */
function trailingWord(text: string): string {
  let from = text.length;
  while (from > 0) {
    const code = text.charCodeAt(from - 1);
    if (code === 46 || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
      from--;
      continue;
    }
    if (code < 128) break;
    let width = 1;
    if (code >= 0xdc00 && code <= 0xdfff && from >= 2) {
      const high = text.charCodeAt(from - 2);
      if (high >= 0xd800 && high <= 0xdbff) width = 2;
    }
    if (!letter.test(text.slice(from - width, from))) break;
    from -= width;
  }
  return text.slice(from);
}

const letter = /^\p{L}$/u;

/**
 * Splits one article line (a paragraph) into sentences, keeping exact character offsets so every
 * sentence can be quoted verbatim from the stored line.
 */
export function splitSentences(line: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  let start = 0;
  let index = 0;
  while (index < line.length) {
    // Only a full stop, question or exclamation mark can end a sentence: jump to the next one.
    marks.lastIndex = index;
    if (marks.exec(line) === null) break;
    index = marks.lastIndex - 1;
    if (isBoundary(line, index)) {
      let end = index + 1;
      while (end < line.length && (line[end] === '.' || line[end] === '!' || line[end] === '?')) end++;
      while (end < line.length && closers.has(line[end] ?? '')) end++;
      const next = line.slice(end);
      // A boundary needs white space and then something that can open a sentence.
      if (end >= line.length || /^\s+[\p{Lu}\p{N}"'\u201c\u2018([<\u00ab-]/u.test(next)) {
        pushSpan(spans, line, start, end);
        start = end;
        index = end;
        continue;
      }
      index = end;
      continue;
    }
    index++;
  }
  pushSpan(spans, line, start, line.length);
  return spans;
}

function pushSpan(spans: SentenceSpan[], line: string, rawStart: number, rawEnd: number): void {
  let start = rawStart;
  let end = rawEnd;
  while (start < end && /\s/.test(line[start] ?? '')) start++;
  while (end > start && /\s/.test(line[end - 1] ?? '')) end--;
  if (end > start) spans.push({ start, end, text: line.slice(start, end) });
}
