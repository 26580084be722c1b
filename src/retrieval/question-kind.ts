import { tokenize } from './tokenize.js';

/** What a question asks for, read from its question word: a sentence that answers it holds a fact of this kind. */
export type QuestionKind =
  | 'person'
  | 'place'
  | 'time'
  | 'year'
  | 'century'
  | 'decade'
  | 'duration'
  | 'quantity'
  | 'frequency'
  | 'reason'
  | 'other';

const questionWords = new Set(['who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'what', 'which']);

/** Nouns after "what" or "which" that name the kind of fact asked for. */
const nounKinds = new Map<string, QuestionKind>([
  ...['year', 'years'].map((word) => [word, 'year'] as const),
  ...['century', 'centuries'].map((word) => [word, 'century'] as const),
  ...['decade', 'decades'].map((word) => [word, 'decade'] as const),
  ...['date', 'day', 'month', 'time', 'season', 'era'].map((word) => [word, 'time'] as const),
  ...[
    'percentage',
    'percent',
    'number',
    'amount',
    'proportion',
    'fraction',
    'share',
    'population',
    'length',
    'distance',
    'height',
    'age',
    'cost',
    'price',
    'size',
  ].map((word) => [word, 'quantity'] as const),
  ...[
    'country',
    'countries',
    'city',
    'cities',
    'place',
    'region',
    'state',
    'continent',
    'town',
    'province',
    'county',
    'island',
    'river',
    'nation',
    'village',
    'location',
  ].map((word) => [word, 'place'] as const),
  ...['person', 'man', 'woman', 'king', 'queen', 'president', 'leader', 'official', 'minister'].map(
    (word) => [word, 'person'] as const,
  ),
]);

/** Words after "how" that ask for a measure. */
const measures = new Set([
  'many',
  'much',
  'old',
  'far',
  'large',
  'big',
  'high',
  'tall',
  'deep',
  'wide',
  'heavy',
  'fast',
  'hot',
  'cold',
]);

/**
 * Reads the kind of fact a question asks for from its first question word ("when" in "what happens when…" is a
 * conjunction, not the question word), and for "how", "what" and "which" from the word after it.
 */
export function questionKind(question: string): QuestionKind {
  // "When many people are arrested, what is…": a clause opened by "when" or "where" leads to the real question.
  const clause = /^\s*(?:when|where|while|if|after|before|once)\b[^,]*,(.*)$/isu.exec(question);
  const words = tokenize(
    clause && /\b(?:who|whom|whose|what|which|how|why|where|when)\b/iu.test(clause[1] ?? '')
      ? (clause[1] ?? '')
      : question,
  );
  const at = words.findIndex((word) => questionWords.has(word));
  const word = words[at];
  const next = words[at + 1] ?? '';
  switch (word) {
    case 'who':
    case 'whom':
    case 'whose':
      return 'person';
    case 'when':
      return 'time';
    case 'where':
      return 'place';
    case 'why':
      return 'reason';
    case 'how':
      if (next === 'long') return words[at + 2] === 'ago' ? 'time' : 'duration';
      if (next === 'often' || next === 'frequently') return 'frequency';
      return measures.has(next) ? 'quantity' : 'other';
    case 'what':
    case 'which':
      return nounKinds.get(next) ?? 'other';
    default:
      return 'other';
  }
}
