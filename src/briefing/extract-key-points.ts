import { verifyQuote } from '../answer/verify-quote.js';
import { splitSentences } from '../corpus/split-sentences.js';
import type { StoredLine } from '../corpus/article-store.js';
import type { BriefingPoint } from './briefing.js';
import { shortenQuote } from './shorten-quote.js';

interface Candidate {
  line: number;
  text: string;
  order: number;
  score: number;
}

/**
 * A dateline opening a lead paragraph: "STOCKHOLM, August 29. /TASS/.", "WASHINGTON (Reuters) -", "LONDON —".
 * Groups: 2 a date or country after a comma, 3 a full stop after it, 5 an agency, 6 a dash.
 */
const datelinePattern =
  /^(\p{Lu}[\p{Lu}\p{M}'\u2019. -]*\p{Lu})(,[^.()/\u2014\u2013]{1,40})?(\.)?(\s*(\([^)]{1,40}\)|\/[^/]{1,30}\/)\.?)?(\s*[-\u2013\u2014:])?\s+(?=["\u201c\u2018'\p{Lu}\p{N}])/u;

/** Where the news starts in a lead paragraph, past any dateline. */
export function datelineLength(text: string): number {
  const match = datelinePattern.exec(text);
  if (!match) return 0;
  const hasMarker =
    match[5] !== undefined || match[6] !== undefined || (match[2] !== undefined && match[3] !== undefined);
  return hasMarker ? match[0].length : 0;
}

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A line that reads as a sub-heading ("Copenhagen talks") rather than prose. */
function isHeading(text: string): boolean {
  return wordCount(text) < 6 || !/[.!?"'\u201d\u2019)]$/.test(text.trim());
}

/** How much a sentence tells: numbers, names and direct speech count; fragments and run-ons do not. */
function informativeness(text: string): number {
  const words = text.split(/\s+/);
  const numbers = words.filter((word) => /\d/.test(word)).length;
  const names = words.slice(1).filter((word) => /^["\u201c\u2018(]?\p{Lu}\p{Ll}/u.test(word)).length;
  const speech = /["\u201c\u201d]/.test(text) ? 2 : 0;
  const count = wordCount(text);
  const lengthPenalty = count < 8 ? 3 : count > 60 ? 2 : 0;
  return Math.min(numbers, 3) * 2 + Math.min(names, 4) + speech - lengthPenalty;
}

/**
 * Picks an article's key points without a language model: its lead sentence (past any dateline) and then its most
 * informative sentences, each quoted verbatim from the stored line (through the same verifier as answers) with its
 * line number, in article order.
 */
export function extractKeyPoints(lines: StoredLine[], maxPoints = 3): BriefingPoint[] {
  const candidates: Candidate[] = [];
  let order = 0;
  let leadFound = false;
  for (const { line, text } of lines) {
    if (isHeading(text)) continue;
    const skip = leadFound ? 0 : datelineLength(text);
    for (const sentence of splitSentences(text)) {
      if (sentence.end <= skip) continue;
      const start = Math.max(sentence.start, skip);
      const sentenceText = text.slice(start, sentence.end).trim();
      if (wordCount(sentenceText) < 4) continue;
      candidates.push({ line, text: sentenceText, order: order++, score: informativeness(sentenceText) });
      leadFound = true;
    }
  }
  const [lead, ...rest] = candidates;
  if (!lead) return [];
  const chosen = [
    lead,
    ...rest.sort((a, b) => b.score - a.score || a.order - b.order).slice(0, maxPoints - 1),
  ];
  return chosen
    .sort((a, b) => a.order - b.order)
    .flatMap((candidate): BriefingPoint[] => {
      const lineText = lines.find((stored) => stored.line === candidate.line)?.text ?? '';
      // The candidate is already a slice of the stored line; the verifier is the same gate answers pass, and the
      // slice is shown whole because the verifier trims the opening quote mark of direct speech.
      if (!verifyQuote(lineText, candidate.text).ok) return [];
      return [{ text: null, quotes: [{ line: candidate.line, quote: shortenQuote(candidate.text) }] }];
    });
}
