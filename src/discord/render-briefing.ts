import type { Briefing, BriefingItem, BriefingPoint } from '../briefing/briefing.js';
import { discordLimits } from './discord-limits.js';
import {
  joinMarkdown,
  link,
  markdown,
  timestamp,
  untrustedWithin,
  type Markdown,
} from './discord-markdown.js';
import type { OutgoingMessage } from './discord-output.js';

/** Room kept in a message for the lines around a point. */
const pointBudget = discordLimits.content - 200;

function countArticles(count: number): string {
  return count === 1 ? '1 new article' : `${count} new articles`;
}

function articleHeading(item: BriefingItem, index: number): Markdown {
  // `preview: false` keeps Discord from embedding the page; a URL that cannot be linked safely leaves the title bare.
  const title = link(untrustedWithin(item.title, 300), item.url ?? '', { preview: false });
  return markdown`**${index + 1}. ${title}**\n${untrustedWithin(item.source, 100)} · ${item.published.slice(0, 10)}`;
}

function pointLine(point: BriefingPoint): Markdown {
  const lead = point.text === null ? markdown`• ` : markdown`• ${untrustedWithin(point.text, 700)} — `;
  const quotes: Markdown[] = [];
  let length = lead.length;
  for (const { line, quote } of point.quotes) {
    const shown = markdown`\u201c${untrustedWithin(quote, 900)}\u201d (line ${line})`;
    // Whole quotes only: a point keeps its first quote and as many more as fit comfortably in one message.
    if (quotes.length > 0 && length + 2 + shown.length > pointBudget) break;
    length += (quotes.length > 0 ? 2 : 0) + shown.length;
    quotes.push(shown);
  }
  return markdown`${lead}${joinMarkdown(quotes, '; ')}`;
}

/** Packs blocks of lines into messages within the limit, splitting a block only between its lines. */
function pack(blocks: Markdown[][]): Markdown[] {
  const messages: Markdown[][] = [];
  let current: Markdown[] = [];
  let length = 0;
  const add = (text: Markdown, separator: string): void => {
    if (current.length > 0 && length + separator.length + text.length > discordLimits.content) {
      messages.push(current);
      current = [];
      length = 0;
    }
    if (current.length > 0) current.push(markdown`${separator}`);
    length += (current.length > 0 ? separator.length : 0) + text.length;
    current.push(text);
  };
  for (const block of blocks) {
    const whole = joinMarkdown(block, '\n');
    if (whole.length <= discordLimits.content) add(whole, '\n\n');
    else block.forEach((line, index) => add(line, index === 0 ? '\n\n' : '\n'));
  }
  if (current.length > 0) messages.push(current);
  return messages.map((parts) => joinMarkdown(parts, ''));
}

/**
 * Renders a briefing as Discord messages of at most 2000 characters each, split only between articles or between
 * points, never inside a quote: each article's title linked to its own URL (and nothing else linked), its source
 * and date, and its points with their line-cited quotes. An empty briefing becomes a one-line note.
 */
export function renderBriefing(briefing: Briefing): OutgoingMessage[] {
  const since = timestamp(briefing.sinceMs);
  const total = briefing.items.length + briefing.omitted;
  if (total === 0) return [{ content: markdown`**Briefing** · No new articles since ${since}.` }];
  const blocks: Markdown[][] = [[markdown`**Briefing** · ${countArticles(total)} since ${since}`]];
  briefing.items.forEach((item, index) => {
    blocks.push([articleHeading(item, index), ...item.points.map(pointLine)]);
  });
  const footer: Markdown[] = [];
  if (briefing.omitted > 0)
    footer.push(markdown`…and ${briefing.omitted} more; ask me about them with /ask.`);
  if (briefing.note !== undefined) footer.push(markdown`_${untrustedWithin(briefing.note, 500)}_`);
  if (footer.length > 0) blocks.push(footer);
  return pack(blocks).map((content) => ({ content }));
}
