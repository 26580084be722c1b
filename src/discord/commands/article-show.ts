import type { Scope } from '../../corpus/article-schema.js';
import { fail, ok, type Result } from '../../result.js';
import type { ArticleStore } from '../../store/article-store.js';
import { discordLimits } from '../discord-limits.js';
import { clampText, joinMarkdown, markdown, untrustedWithin, type Markdown } from '../discord-markdown.js';
import type { OutgoingMessage } from '../discord-output.js';

/** Reads a `lines` option: `5` or `3-8` (inclusive); empty means every line. */
export function parseLineRange(
  text: string | null,
  lineCount: number,
): Result<{ from: number; to: number }, 'bad-range'> {
  if (text === null || text.trim() === '') return ok({ from: 1, to: lineCount });
  const match = /^\s*(\d+)\s*(?:[-\u2013]\s*(\d+))?\s*$/.exec(text);
  const from = Number(match?.[1]);
  const to = match?.[2] === undefined ? from : Number(match[2]);
  if (!match || from < 1 || to < from) {
    return fail('bad-range', 'Give lines as one number (`5`) or a range (`3-8`).');
  }
  if (from > lineCount) return fail('bad-range', `That article has only ${lineCount} lines.`);
  return ok({ from, to: Math.min(to, lineCount) });
}

/** An article's details and numbered lines as an embed, as many lines as fit, saying which lines are shown. */
export function articleShowEmbed(
  articles: ArticleStore,
  scope: Scope,
  id: string,
  lines: string | null,
): Result<OutgoingMessage, 'not-found' | 'bad-range'> {
  const article = articles.get(id, scope);
  if (!article) return fail('not-found', `No article with the id "${clampText(id, 80)}" is visible here.`);
  const range = parseLineRange(lines, article.lineCount);
  if (!range.ok) return range;
  const budget = discordLimits.embedDescription - 100;
  const shown: Markdown[] = [];
  let length = 0;
  let last = range.value.from - 1;
  for (const line of articles.lines(article.rowid, range.value.from, range.value.to)) {
    const text = markdown`**${line.line}** ${untrustedWithin(line.text, budget - 12)}`;
    if (shown.length > 0 && length + 1 + text.length > budget) break;
    length += (shown.length > 0 ? 1 : 0) + text.length;
    shown.push(text);
    last = line.line;
  }
  const more = last < range.value.to ? ` \u00b7 more with lines: ${last + 1}-${range.value.to}` : '';
  const who =
    article.origin === 'data'
      ? 'curated'
      : `added by ${article.addedBy ?? 'someone'} on ${article.addedAt.slice(0, 10)}`;
  const byline = markdown`${untrustedWithin(article.source, 100)} \u00b7 ${article.published}${article.author ? markdown` \u00b7 by ${untrustedWithin(article.author, 100)}` : ''}`;
  return ok({
    content: markdown``,
    embeds: [
      {
        title: untrustedWithin(article.title, discordLimits.embedTitle),
        url: article.url,
        description: markdown`${byline}\n\n${joinMarkdown(shown, '\n')}`,
        // Footers show no Markdown, so nothing from the article goes there; the id is a checked slug.
        footer: `${article.id} \u00b7 ${who} \u00b7 lines ${range.value.from}-${last} of ${article.lineCount}${more}`,
      },
    ],
  });
}
