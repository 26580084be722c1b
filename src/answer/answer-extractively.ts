import type { RankedSentence } from '../retrieval/rank-sentences.js';
import { answerText, type Answer, type Claim } from './answer-schema.js';
import { CitationList } from './cite.js';

/** Below this share of the question's weighted words (context at half weight), no sentence is taken as an answer. */
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
 * The first quote: the best sentence, joined with the runner-up when that is its neighbour in the same line (two
 * adjacent relevant sentences read as one passage), or else with a following sentence that carries on its subject.
 */
function firstQuote(best: RankedSentence, runnerUp: RankedSentence | undefined): Quote {
  const line = best.lineText;
  if (
    line !== null &&
    runnerUp !== undefined &&
    runnerUp.articleRowid === best.articleRowid &&
    runnerUp.line === best.line &&
    runnerUp.relevance >= best.relevance * adjacentShare &&
    /^\s*$/.test(
      runnerUp.start > best.start
        ? line.slice(best.end, runnerUp.start)
        : line.slice(runnerUp.end, best.start),
    )
  ) {
    const start = Math.min(best.start, runnerUp.start);
    const end = Math.max(best.end, runnerUp.end);
    return { sentence: best, start, end, text: line.slice(start, end) };
  }
  const start = best.antecedent?.start ?? best.start;
  const end = best.continuation?.end ?? best.end;
  return { sentence: best, start, end, text: line === null ? best.text : line.slice(start, end) };
}

/**
 * Answers with the best one to three retrieved passages, quoted verbatim from their stored lines and cited, or
 * abstains when the best sentence covers too little of the question, or when the question asks what someone thought,
 * felt or wanted and the best sentence's article never says so in those words.
 */
export function answerExtractively(
  question: string,
  ranked: readonly RankedSentence[],
  note?: string,
): Answer {
  const best = ranked[0];
  const base = { question, mode: 'extractive' as const, ...(note === undefined ? {} : { note }) };
  if (!best || best.support < minimumCoverage || !best.stanceFound) {
    return { ...base, status: 'abstained', answer: abstentionText, claims: [], citations: [] };
  }
  const quotes = [firstQuote(best, ranked[1])];
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
