import { hedges } from './hedges.js';
import { pastFormsOf } from './irregular-forms.js';
import { tokenize } from './tokenize.js';

/** Verbs of thought, feeling and wish: the questions that ask for what someone had in mind. */
const stanceVerbs = new Set([
  'think',
  'feel',
  'believe',
  'prefer',
  'want',
  'wish',
  'hope',
  'fear',
  'like',
  'love',
  'hate',
  'enjoy',
  'expect',
]);
const auxiliaries = new Set([
  'did',
  'does',
  'do',
  'will',
  'would',
  'can',
  'could',
  'should',
  'has',
  'have',
  'had',
]);
const prepositions = new Set(
  'about of for on after to with in at from during by before since into over under against toward towards regarding'.split(
    ' ',
  ),
);

/**
 * The verb of thought or wish that a "what did X think of…", "what kind of food does X prefer…" question turns on
 * (the answer is its object), as its base form and irregular forms ("think", "thought"): any word whose stem is one of
 * theirs is a form of it. Null for other questions.
 */
export function stanceOf(question: string): string[] | null {
  const words = tokenize(question.replace(hedges, ' '));
  const what = words.indexOf('what');
  if (what === -1) return null;
  const auxiliary = words.findIndex(
    (word, index) => index > what && index <= what + 4 && auxiliaries.has(word),
  );
  if (auxiliary === -1) return null;
  for (let index = auxiliary + 2; index < words.length; index++) {
    const word = words[index] ?? '';
    if (prepositions.has(word) || auxiliaries.has(word)) return null;
    const verb = stanceVerbs.has(word) ? word : word.replace(/s$/, '');
    if (stanceVerbs.has(verb)) return [verb, ...pastFormsOf(verb)];
  }
  return null;
}
