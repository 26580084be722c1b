import type { Answer } from '../answer/answer-schema.js';

/** The date part of a published value, as shown next to a source. */
export function shortDate(published: string): string {
  return published.slice(0, 10);
}

/** Renders an answer for a terminal: the answer text, an optional note, and numbered sources with their quotes. */
export function renderAnswerText(answer: Answer): string {
  const parts = [answer.answer];
  if (answer.citations.length > 0) parts.push('');
  if (answer.note) parts.push(`(${answer.note})`);
  if (answer.citations.length > 0) {
    parts.push(
      'Sources:',
      ...answer.citations.map(
        (citation) =>
          `[${citation.n}] ${citation.source}, ${shortDate(citation.published)}, line ${citation.line}: \u201c${citation.quote}\u201d\n    ${citation.title} (${citation.articleId})${citation.url ? ` ${citation.url}` : ''}`,
      ),
    );
  }
  return parts.join('\n');
}
