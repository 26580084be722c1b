import type { RankedSentence } from '../retrieval/rank-sentences.js';
import { answerText, type Answer, type Claim } from './answer-schema.js';
import { CitationList } from './cite.js';

/** Below this share of the question's content words (in the sentence, its paragraph or the title), no answer. */
export const minimumCoverage = 0.25;

/** Share of the best sentence's relevance an adjacent sentence of the same line needs to be quoted with it. */
const adjacentShare = 0.6;

/** The words shown when nothing in the articles answers a question. */
export const abstentionText =
  "I couldn't find anything about that in the articles I have, so I won't guess. Try other words, or ask a moderator to add an article on it.";

interface Quote {
  sentence: RankedSentence;
  start: number;
  end: number;
  text: string;
}

/**
 * The first quote: the best sentence with the sentence before it that it points back to and the one after it that
 * carries on its subject or holds the fact asked for (see `RankedSentence`), and with its neighbour in the same line
 * when that one is relevant too (two adjacent relevant sentences read as one passage, however many other articles'
 * sentences rank between them). All of these are next to each other in one line, so the quote is one stretch of it.
 */
function firstQuote(best: RankedSentence, others: readonly RankedSentence[]): Quote {
  const line = best.lineText;
  if (line === null) return { sentence: best, start: best.start, end: best.end, text: best.text };
  const neighbour = others.find(
    (other) =>
      other.articleRowid === best.articleRowid &&
      other.line === best.line &&
      other.relevance >= best.relevance * adjacentShare &&
      /^\s*$/.test(
        other.start > best.start ? line.slice(best.end, other.start) : line.slice(other.end, best.start),
      ),
  );
  const start = Math.min(best.antecedent?.start ?? best.start, neighbour?.start ?? best.start);
  const end = Math.max(best.continuation?.end ?? best.end, neighbour?.end ?? best.end);
  return { sentence: best, start, end, text: line.slice(start, end) };
}

/**
 * Whether a careful reader would quote this sentence as the answer: it (with its paragraph and title) has at least a
 * quarter of the question's content words, every name, number and time the question gives, the kind of fact the
 * question asks for, and, for "what did X think/feel/want", an article that reports a thought, feeling or wish; and
 * it must not use the question's verb and named argument with their roles swapped, nor, for a question dated by a
 * century or a decade, share nothing with it but the names and that date.
 * Nothing here depends on how many other articles are stored.
 */
function answersQuestion(sentence: RankedSentence): boolean {
  return (
    sentence.contextCoverage >= minimumCoverage &&
    sentence.missingSpecifics.length === 0 &&
    sentence.answerTypeFound &&
    sentence.stanceFound &&
    !sentence.rolesReversed &&
    !sentence.onlyNamesAndDate
  );
}

/**
 * Answers with the best one to three retrieved passages, quoted verbatim from their stored lines and cited, or
 * abstains when the best sentence does not answer the question (see `answersQuestion`).
 */
export function answerExtractively(
  question: string,
  ranked: readonly RankedSentence[],
  note?: string,
): Answer {
  const base = { question, mode: 'extractive' as const, ...(note === undefined ? {} : { note }) };
  const best = ranked[0];
  if (best === undefined || !answersQuestion(best)) {
    return { ...base, status: 'abstained', answer: abstentionText, claims: [], citations: [] };
  }
  const quotes = [firstQuote(best, ranked.slice(1))];
  for (const candidate of ranked.slice(1)) {
    if (quotes.length === 3) break;
    const sameLine = quotes.some(
      (quote) =>
        quote.sentence.articleRowid === candidate.articleRowid && quote.sentence.line === candidate.line,
    );
    const strongEnough = candidate.relevance >= best.relevance * (sameLine ? 0.7 : 0.85);
    const duplicate = quotes.some(
      (quote) =>
        quote.text === candidate.text ||
        (quote.sentence.articleRowid === candidate.articleRowid &&
          quote.sentence.line === candidate.line &&
          candidate.start >= quote.start &&
          candidate.end <= quote.end),
    );
    if (strongEnough && !duplicate && candidate.support >= minimumCoverage) {
      quotes.push({ sentence: candidate, start: candidate.start, end: candidate.end, text: candidate.text });
    }
  }
  const citations = new CitationList();
  const claims: Claim[] = quotes.map((quote) => ({
    text: `\u201c${quote.text}\u201d`,
    citations: [citations.add(quote.sentence.article, quote.sentence.line, quote.text)],
  }));
  return {
    ...base,
    status: 'answered',
    answer: answerText(claims, 'extractive'),
    claims,
    citations: citations.citations,
  };
}
