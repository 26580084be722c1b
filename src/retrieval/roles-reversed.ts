import { stem, stopWords } from './tokenize.js';

/**
 * What a question says about who does what, read from its word order: "Who replaced the Normans?" asks for the
 * subject of "replace" with the Normans as its object; "Who did Edgar marry?" asks for the object of "marry" with
 * Edgar as its subject.
 */
export interface QuestionRoles {
  /** The stem of the question's verb. */
  verb: string;
  /** The stem of the first word of the argument the question names. */
  argument: string;
  /** The role the named argument plays in the question's clause. */
  role: 'subject' | 'object';
}

interface Token {
  /** Lower case, accents folded, a possessive "'s" dropped; empty for a clause mark (comma, semicolon, …). */
  word: string;
  capitalised: boolean;
}

const auxiliaries = new Set([
  'did',
  'does',
  'do',
  'was',
  'were',
  'is',
  'are',
  'has',
  'have',
  'had',
  'can',
  'could',
  'will',
  'would',
  'should',
  'may',
  'might',
]);
const beForms = new Set(['was', 'were', 'is', 'are', 'be', 'been', 'being']);
const determiners = new Set([
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'this',
  'that',
  'these',
  'those',
]);
/** Words before a noun, which tell "the attack" and "several monks" from the verbs "attack" and "monk". */
const nounMarkers = new Set([
  ...determiners,
  'several',
  'many',
  'some',
  'all',
  'most',
  'few',
  'each',
  'every',
  'no',
  'any',
  'our',
  'my',
  'your',
]);
/** Words that read as an adjective between an article and a noun ("a third attack", "the final push"). */
const adjectiveLike =
  /^(?:first|second|third|fourth|fifth|last|next|new|old|great|major|minor|final|further|large|small|big|long|short|early|late|\d+(?:st|nd|rd|th)|\p{L}+(?:al|ous|ive|ic|ful|less|able|ible|ary|ish))$/u;
/** How far apart, in words, a verb and its argument may be read as one clause. */
const clauseReach = 10;

function tokens(text: string): Token[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['\u2019][\p{L}]+)?|[,;:()\u2013\u2014]/gu)].map(([raw]) => {
    if (!/[\p{L}\p{N}]/u.test(raw)) return { word: '', capitalised: false };
    const word = raw
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/['\u2019]s$/, '')
      .replace(/['\u2019]/g, '');
    return { word, capitalised: /^\p{Lu}/u.test(raw) };
  });
}

/**
 * Reads the roles of a question that opens with its question word and names one argument of its verb, or null when
 * its form is not one read here (passive and copular questions, "when" or "where" followed by a verb, a named
 * argument that is not a name).
 */
export function questionRoles(question: string): QuestionRoles | null {
  const words = tokens(question).filter((token) => token.word !== '');
  const at = (index: number): string => words[index]?.word ?? '';
  const questionWord = at(0);
  if (!['who', 'whom', 'what', 'which', 'when', 'where'].includes(questionWord)) return null;
  let index = 1;
  if (questionWord === 'what' || questionWord === 'which') {
    // "What major conquest did…", "What language replaced…": the question word's nouns come first.
    const auxiliary = [1, 2, 3].find((offset) => auxiliaries.has(at(offset)));
    if (auxiliary !== undefined) index = auxiliary;
    else if (!/(?:ed|s)$/.test(at(1))) index = 2;
  }
  const skipAdverbs = (from: number): number => {
    let to = from;
    while (at(to).endsWith('ly')) to++;
    return to;
  };
  let verbAt: number;
  let argument: string;
  let role: QuestionRoles['role'];
  if (auxiliaries.has(at(index))) {
    // "Who did Edgar marry?": the name after the auxiliary is the subject, the verb follows it.
    if (beForms.has(at(index))) return null;
    let subjectAt = index + 1;
    while (determiners.has(at(subjectAt))) subjectAt++;
    if (!words[subjectAt]?.capitalised) return null;
    let end = subjectAt + 1;
    while (
      end < words.length &&
      (words[end]?.capitalised || ((at(end) === 'of' || at(end) === 'the') && words[end + 1]?.capitalised))
    ) {
      end++;
    }
    verbAt = skipAdverbs(end);
    argument = at(subjectAt);
    role = 'subject';
  } else {
    // "Who replaced the Normans…": the verb follows the question word, the object follows the verb.
    if (questionWord === 'when' || questionWord === 'where') return null;
    verbAt = skipAdverbs(index);
    let objectAt = verbAt + 1;
    while (objectAt < words.length && stopWords.has(at(objectAt))) objectAt++;
    argument = at(objectAt);
    role = 'object';
  }
  const verb = at(verbAt);
  if (
    verb === '' ||
    argument === '' ||
    stopWords.has(verb) ||
    auxiliaries.has(verb) ||
    stopWords.has(argument)
  ) {
    return null;
  }
  return { verb: stem(verb), argument: stem(argument), role };
}

/**
 * Whether a sentence uses the question's verb and named argument only with their roles the other way round, so it
 * states a different fact with the question's own words: "The invading Normans replaced the Anglo-Saxons" does not
 * say who replaced the Normans, and "King Malcolm married Edgar's sister" does not say whom Edgar married. The verb
 * counts where it is used as a verb (not "the attack"), the argument where it is in the same clause (no comma
 * between, at most ten words away) and not the predicate of "was", and a passive ("was betrayed to the Normans by…", "designed by…") swaps the
 * expected order. False when the sentence never uses them together, which is for other checks to judge.
 */
export function rolesReversed(roles: QuestionRoles, sentence: string): boolean {
  const words = tokens(sentence);
  const stems = words.map((token) => (token.word === '' ? '' : stem(token.word)));
  const nounLike = (index: number): boolean =>
    nounMarkers.has(words[index - 1]?.word ?? '') ||
    (['a', 'an', 'the'].includes(words[index - 2]?.word ?? '') &&
      adjectiveLike.test(words[index - 1]?.word ?? ''));
  const passive = (index: number): boolean =>
    beForms.has(words[index - 1]?.word ?? '') ||
    beForms.has(words[index - 2]?.word ?? '') ||
    words[index + 1]?.word === 'by';
  let together = false;
  for (let verbAt = 0; verbAt < words.length; verbAt++) {
    if (stems[verbAt] !== roles.verb || nounLike(verbAt)) continue;
    for (let argumentAt = 0; argumentAt < words.length; argumentAt++) {
      // "The first to serve as a general was Hervé": a name after "was" is a predicate, which says nothing of roles.
      if (stems[argumentAt] !== roles.argument || beForms.has(words[argumentAt - 1]?.word ?? '')) continue;
      const from = Math.min(verbAt, argumentAt);
      const to = Math.max(verbAt, argumentAt);
      const between = words.slice(from + 1, to);
      if (between.length > clauseReach || between.some((token) => token.word === '')) continue;
      together = true;
      const before = argumentAt < verbAt;
      const expectedBefore = roles.role === 'subject' ? !passive(verbAt) : passive(verbAt);
      if (before === expectedBefore) return false;
    }
  }
  return together;
}
