import { stemmer } from 'stemmer';
import { baseForms } from './irregular-forms.js';

/** English words too common to help find a passage. */
export const stopWords: ReadonlySet<string> = new Set(
  (
    'a about above after again against all also am an and any are as at be because been before being below between ' +
    'both but by can could did do does doing down during each either few for from further had has have having he her ' +
    'here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of ' +
    'off on once only or other our ours ourselves out over own same she should so some such than that the their theirs ' +
    'them themselves then there these they this those through to too under until up very was we were what when where ' +
    'which while who whom why will with would you your yours yourself yourselves said say says tell told ' +
    'according whether did does many much us one ever even yet get got'
  ).split(' '),
);

/** Lower-case word tokens of a text (letters and digits, apostrophes dropped). */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  // Printable ASCII has no accents to fold and no letters or digits beyond [a-z0-9]: the same tokens, found faster.
  if (isPrintableAscii(lower)) return lower.replace(/'s\b/g, '').match(/[a-z0-9]+/g) ?? [];
  return (
    lower
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/['\u2019]s\b/g, '')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

const nonAscii = /[^\t\n\r\u0020-\u007e]/;

/** Whether a text is printable ASCII (with tabs and line breaks): no accents, no letters beyond A-Z, a-z. */
export function isPrintableAscii(text: string): boolean {
  return !nonAscii.test(text);
}

/** Stems of words seen lately: ranking stems the same sentence and title words question after question. */
const stems = new Map<string, string>();
const maximumStems = 50_000;

/**
 * Words the Porter algorithm stems apart from their other forms, stemmed as Porter2 (Snowball English) does:
 * "died" and "dies" stem to "di" and "dying" to "dy", never meeting "die", so "When did Tesla die?" missed
 * "Tesla died in 1943"; "news" stems to "new"; and "skies" would meet "ski".
 */
const stemExceptions = new Map([
  ['dying', 'die'],
  ['lying', 'lie'],
  ['tying', 'tie'],
  ['vying', 'vie'],
  ['news', 'news'],
  ['skies', 'sky'],
  ['sky', 'sky'],
  ['skis', 'ski'],
]);

/** Porter keeps the "y" of "try" and "fly" (no vowel before it) but stems "tried" and "flies" to "tri" and "fli". */
function porter2Y(stemmed: string): string {
  return /^[b-df-hj-np-tv-z]{2}y$/.test(stemmed) ? `${stemmed.slice(0, 2)}i` : stemmed;
}

/**
 * The Porter stem of a lower-case word, the algorithm of SQLite FTS5's porter tokenizer, but for the words Porter2
 * treats as exceptions: those and "dies"/"died" (a letter and "ies" or "ied") keep their base form ("die"), and
 * "try", "trying", "tried" and "tries" all stem to "tri", as Porter2 reads a "y" after two consonants.
 * An irregular verb's past forms and an irregular plural stem as the base form ("withdrew" as "withdraw", "wives" as
 * "wife"; see `baseForms`).
 */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    const base = baseForms.get(word) ?? word;
    stemmed =
      stemExceptions.get(base) ??
      (base.length === 4 && /^[a-z]ie[ds]$/.test(base) ? base.slice(0, 3) : porter2Y(stemmer(base)));
    if (stems.size === maximumStems) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** The distinct stemmed content words of a question, in order. */
export function queryTerms(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    if (stopWords.has(token) || token.length < 2) continue;
    const stemmed = stem(token);
    if (!terms.includes(stemmed)) terms.push(stemmed);
  }
  return terms;
}
