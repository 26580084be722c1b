import { fail, ok, type Result } from '../result.js';
import { verifyQuote } from './verify-quote.js';

/** Why a model-written sentence cannot be shown. */
export type ClaimTextProblem = 'link' | 'mention' | 'unproven-quote' | 'unbalanced-quote';

/** A scheme link, a `www.` address, masked-link syntax or an invite: nothing the model writes may be a link. */
const linkPattern =
  /[a-z][a-z0-9+.-]*:\/\/|\bwww\.\S|\]\s*\(|\b(?:discord(?:app)?\.com\/invite|discord\.gg|dsc\.gg)\//i;

/** User, role, channel, command and timestamp syntax, and the mass mentions. */
const mentionPattern = /<(?:@[!&]?|#|\/[^>\s]+:|t:)\d|@(?:everyone|here)\b/i;

/**
 * Families of quotation marks that always come in pairs, whichever way round a language writes them (“…”, „…“,
 * «…», »…«, ‹…›, 「…」, "…"): within a family the marks pair up in order of appearance.
 */
const markFamilies: readonly string[] = [
  '"',
  '\u201c\u201d\u201e\u201f',
  '\u00ab\u00bb',
  '\u2039\u203a',
  '\u300c\u300d',
  '\u300e\u300f',
];

/** Single marks double as apostrophes, so they only quote at word edges: ‘…’, ‚…‘ and '…'. */
const singleOpeners = "\u2018\u201a'";
const singleClosers = "\u2019\u2018'";

const wordCharacter = /[\p{L}\p{N}]/u;

/** The quoted stretches of a text in every quote style, or null when a paired mark is left open. */
function quotedStretches(text: string): string[] | null {
  const stretches: string[] = [];
  for (const family of markFamilies) {
    const marks: number[] = [];
    for (let at = 0; at < text.length; at++) if (family.includes(text[at] ?? '')) marks.push(at);
    if (marks.length % 2 === 1) return null;
    for (let index = 0; index < marks.length; index += 2) {
      stretches.push(text.slice((marks[index] ?? 0) + 1, marks[index + 1]));
    }
  }
  for (let at = 0; at < text.length; at++) {
    if (!singleOpeners.includes(text[at] ?? '')) continue;
    if (wordCharacter.test(text[at - 1] ?? ' ') || !wordCharacter.test(text[at + 1] ?? '')) continue;
    for (let index = at + 2; index < text.length; index++) {
      if (!singleClosers.includes(text[index] ?? '')) continue;
      if (wordCharacter.test(text[index + 1] ?? '')) continue; // an apostrophe inside a word
      stretches.push(text.slice(at + 1, index));
      break;
    }
  }
  return stretches.map((stretch) => stretch.trim()).filter((stretch) => wordCharacter.test(stretch));
}

const folds: Record<string, string> = { '\u2018': "'", '\u2019': "'", '\u201c': '"', '\u201d': '"' };

function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201c\u201d]/g, (mark) => folds[mark] ?? mark)
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a quoted stretch stands word for word in one of the lines (a single word as a whole word). */
function isProven(stretch: string, lines: readonly string[]): boolean {
  return lines.some((line) => {
    const verified = verifyQuote(line, stretch);
    if (verified.ok) return true;
    if (verified.reason !== 'too-short') return false;
    const word = fold(stretch).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (word === '') return false;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(fold(line));
  });
}

/**
 * Checks a sentence a model wrote before it is shown: it may carry no link and no mention of any kind, and every
 * stretch it puts in quotation marks, in any style (straight, curly, ‘’, «», ‹›, „“, 「」), must stand word for word
 * in one of `lines` (the cited passages); a paired quotation mark left open counts as an unproven quote. Returns the
 * text when it may be shown.
 */
export function proveClaimText(text: string, lines: readonly string[]): Result<string, ClaimTextProblem> {
  if (linkPattern.test(text)) return fail('link', 'The sentence contains a link.');
  if (mentionPattern.test(text)) return fail('mention', 'The sentence contains a mention.');
  const stretches = quotedStretches(text);
  if (stretches === null) return fail('unbalanced-quote', 'The sentence opens a quotation it never closes.');
  for (const stretch of stretches) {
    if (!isProven(stretch, lines))
      return fail('unproven-quote', 'The sentence quotes words the passages lack.');
  }
  return ok(text);
}
