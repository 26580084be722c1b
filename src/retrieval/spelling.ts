/** Damerau–Levenshtein distance of at most one: one letter added, dropped, changed, or two neighbours swapped. */
export function nearlySpelled(left: string, right: string): boolean {
  if (Math.abs(left.length - right.length) > 1) return false;
  let from = 0;
  while (from < left.length && left[from] === right[from]) from++;
  if (from === left.length && from === right.length) return true;
  const rest = (a: number, b: number): boolean => left.slice(from + a) === right.slice(from + b);
  return (
    rest(1, 1) ||
    rest(1, 0) ||
    rest(0, 1) ||
    (left[from] === right[from + 1] && left[from + 1] === right[from] && rest(2, 2))
  );
}

/** The shortest stem a slip is looked for in: shorter words are one letter from too many others. */
const shortestMisspelledStem = 5;
/** The longest: past this a term is a code or a run of letters, not a misspelled word. */
const longestMisspelledStem = 30;

/** Whether a stemmed term no sentence holds is worth reading as a slip: a word of five to thirty letters, no digits. */
export function maySlip(term: string): boolean {
  return term.length >= shortestMisspelledStem && term.length <= longestMisspelledStem && !/\d/.test(term);
}

const letters = 'abcdefghijklmnopqrstuvwxyz';

/**
 * The stems the stemmed `term` may be a slip for, each with how unlikely it is (lower is likelier): the same word with
 * one to three letters of ending fewer or one or two more than the stemmer left ("septicemia" for "septicem"), a
 * letter per letter of ending; two neighbours swapped, or one letter added or dropped inside, 1 ("gandi" for
 * "gandhi"); one letter changed, 2. The first letter is kept (a slip seldom hits it) and no candidate is shorter than
 * five letters. A few hundred candidates to look up, however many terms an index holds.
 */
export function slipCandidates(term: string): Map<string, number> {
  const candidates = new Map<string, number>();
  const offer = (known: string, cost: number): void => {
    if (known.length < shortestMisspelledStem || known === term) return;
    const before = candidates.get(known);
    if (before === undefined || cost < before) candidates.set(known, cost);
  };
  for (let cut = 1; cut <= 3; cut++) offer(term.slice(0, term.length - cut), cut);
  for (const letter of letters) {
    offer(term + letter, 1);
    for (const second of letters) offer(term + letter + second, 2);
  }
  for (let at = 1; at < term.length; at++) {
    const head = term.slice(0, at);
    offer(head + term.slice(at + 1), 1);
    if (at + 1 < term.length) offer(head + term.charAt(at + 1) + term.charAt(at) + term.slice(at + 2), 1);
    for (const letter of letters) {
      offer(head + letter + term.slice(at), 1);
      if (letter !== term.charAt(at)) offer(head + letter + term.slice(at + 1), 2);
    }
  }
  return candidates;
}
