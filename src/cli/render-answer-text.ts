import type { Answer, Citation } from '../answer/answer-schema.js';

/** The date part of a published value, as shown next to a source. */
export function shortDate(published: string): string {
  return published.slice(0, 10);
}

function renderCitation(citation: Citation): string {
  return `[${citation.n}] ${citation.source}, ${shortDate(citation.published)}, line ${citation.line}: \u201c${citation.quote}\u201d\n    ${citation.title} (${citation.articleId})${citation.url ? ` ${citation.url}` : ''}`;
}

/**
 * Renders an answer for a terminal: the answer text, an optional note, numbered sources with their quotes, and the
 * closest lines (when the LLM found no supported answer) under a heading that says they are not an answer.
 */
export function renderAnswerText(answer: Answer): string {
  const closestLines = answer.closestLines ?? [];
  const parts = [answer.answer];
  if (answer.citations.length > 0 || closestLines.length > 0) parts.push('');
  if (answer.note) parts.push(`(${answer.note})`);
  if (answer.citations.length > 0) parts.push('Sources:', ...answer.citations.map(renderCitation));
  if (closestLines.length > 0) {
    parts.push('Closest lines (not an answer):', ...closestLines.map(renderCitation));
  }
  return parts.join('\n');
}
