import type { Briefing, BriefingItem, BriefingPoint } from './briefing.js';

/** Discord's limit on the content of one message, in characters. */
export const discordMessageLimit = 2000;

/** Zero-width and direction-control characters, which can hide or reorder quoted text. */
const invisible = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Makes stored text show literally in Discord: no markdown, masked links, mention syntax or hidden characters. */
export function escapeDiscordText(text: string): string {
  // Escaping "<" also breaks "<@id>", "<#id>" and "<t:...>" syntax, so a quote cannot even display as a mention.
  return text.replace(invisible, '').replace(/[\\*_~`|<>[\]#]/g, (character) => `\\${character}`);
}

function countArticles(count: number): string {
  return count === 1 ? '1 new article' : `${count} new articles`;
}

function articleHeading(item: BriefingItem, index: number): string {
  const title = escapeDiscordText(item.title);
  // Angle brackets keep Discord from embedding the page; a very long address is left out rather than split.
  const linked =
    item.url !== null && item.url.length <= 500
      ? `[${title}](<${item.url.replace(/[()<> ]/g, (character) => encodeURIComponent(character))}>)`
      : title;
  return `**${index + 1}. ${linked}**\n${escapeDiscordText(item.source)} · ${escapeDiscordText(item.published.slice(0, 10))}`;
}

function pointLine(point: BriefingPoint): string {
  const lead = point.text === null ? '• ' : `• ${escapeDiscordText(point.text)} — `;
  const quotes: string[] = [];
  for (const { line, quote } of point.quotes) {
    const shown = `\u201c${escapeDiscordText(quote)}\u201d (line ${line})`;
    // Whole quotes only: a point keeps its first quote and as many more as fit comfortably in one message.
    if (
      quotes.length > 0 &&
      lead.length + quotes.join('; ').length + shown.length > discordMessageLimit - 200
    )
      break;
    quotes.push(shown);
  }
  return `${lead}${quotes.join('; ')}`;
}

/** Packs blocks into messages within the limit, splitting a block only between its lines. */
function pack(blocks: string[][]): string[] {
  const messages: string[] = [];
  let current = '';
  const add = (text: string, separator: string): void => {
    if (current === '') current = text;
    else if (current.length + separator.length + text.length <= discordMessageLimit)
      current += separator + text;
    else {
      messages.push(current);
      current = text;
    }
  };
  for (const block of blocks) {
    const text = block.join('\n');
    if (text.length <= discordMessageLimit) {
      add(text, '\n\n');
      continue;
    }
    block.forEach((line, index) => add(line, index === 0 ? '\n\n' : '\n'));
  }
  if (current !== '') messages.push(current);
  return messages;
}

/**
 * Renders a briefing as Discord messages of at most 2000 characters each, split only between articles or between
 * points, never inside a quote. Returns no messages when nothing is new, unless `emptyNote` asks for a short note.
 */
export function renderBriefingDiscord(briefing: Briefing, options: { emptyNote?: boolean } = {}): string[] {
  const since = `<t:${Math.floor(briefing.sinceMs / 1000)}:f>`;
  const total = briefing.items.length + briefing.omitted;
  if (total === 0)
    return options.emptyNote === true ? [`**Briefing** · No new articles since ${since}.`] : [];
  const blocks: string[][] = [[`**Briefing** · ${countArticles(total)} since ${since}`]];
  briefing.items.forEach((item, index) => {
    blocks.push([articleHeading(item, index), ...item.points.map(pointLine)]);
  });
  const footer: string[] = [];
  if (briefing.omitted > 0) footer.push(`…and ${briefing.omitted} more; ask me about them with /ask.`);
  if (briefing.note !== undefined) footer.push(`_${briefing.note}_`);
  if (footer.length > 0) blocks.push(footer);
  return pack(blocks);
}
