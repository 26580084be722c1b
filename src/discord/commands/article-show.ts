import type { APIEmbed } from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import { fail, ok, type Result } from '../../result.js';
import type { ArticleStore } from '../../corpus/article-store.js';
import { discordLimits } from '../discord-limits.js';
import { neutraliseText, stripInvisible } from '../neutralise-text.js';

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
): Result<APIEmbed, 'not-found' | 'bad-range'> {
  const article = articles.get(id, scope);
  if (!article)
    return fail('not-found', `No article with the id "${stripInvisible(id).slice(0, 80)}" is visible here.`);
  const range = parseLineRange(lines, article.lineCount);
  if (!range.ok) return range;
  const budget = discordLimits.embedDescription - 100;
  let description = '';
  let last = range.value.from - 1;
  for (const line of articles.lines(article.rowid, range.value.from, range.value.to)) {
    let text = `**${line.line}** ${neutraliseText(stripInvisible(line.text).trim())}`;
    if (description === '' && text.length > budget) text = `${text.slice(0, budget - 1)}\u2026`;
    const joined = description === '' ? text : `${description}\n${text}`;
    if (joined.length > budget) break;
    description = joined;
    last = line.line;
  }
  const more = last < range.value.to ? ` \u00b7 more with lines: ${last + 1}-${range.value.to}` : '';
  const who =
    article.origin === 'data'
      ? 'curated'
      : `added by ${article.addedBy ?? 'someone'} on ${article.addedAt.slice(0, 10)}`;
  const title = stripInvisible(article.title).trim();
  return ok({
    title: title.length <= 250 ? title : `${title.slice(0, 249)}\u2026`,
    ...(article.url ? { url: article.url } : {}),
    description,
    footer: {
      text: `${article.id} \u00b7 ${stripInvisible(article.source).slice(0, 100)} \u00b7 ${article.published} \u00b7 ${who} \u00b7 lines ${range.value.from}-${last} of ${article.lineCount}${more}`,
    },
  });
}
