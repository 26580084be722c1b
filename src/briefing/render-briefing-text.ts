import type { Briefing } from './briefing.js';

function formatInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function countArticles(count: number): string {
  return count === 1 ? '1 new article' : `${count} new articles`;
}

/** Renders a briefing as plain text for the terminal: each article with its key points and line-cited quotes. */
export function renderBriefingText(briefing: Briefing): string {
  const total = briefing.items.length + briefing.omitted;
  if (total === 0) return `No new articles since ${formatInstant(briefing.sinceMs)}.`;
  const out: string[] = [`Briefing: ${countArticles(total)} since ${formatInstant(briefing.sinceMs)}`, ''];
  briefing.items.forEach((item, index) => {
    out.push(`${index + 1}. ${item.title}`);
    out.push(
      `   ${[item.source, item.published.slice(0, 10), item.url ?? `id ${item.articleId}`].join(' · ')}`,
    );
    for (const point of item.points) {
      const quotes = point.quotes.map(({ line, quote }) => `\u201c${quote}\u201d (line ${line})`).join('; ');
      out.push(`   - ${point.text === null ? quotes : `${point.text} ${quotes}`}`);
    }
    out.push('');
  });
  if (briefing.omitted > 0) out.push(`…and ${countArticles(briefing.omitted).replace(' new', ' more new')}.`);
  if (briefing.note !== undefined) out.push(`Note: ${briefing.note}`);
  return out.join('\n').trimEnd();
}
