import type { APIEmbed } from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import { showArticle } from '../../corpus/show-article.js';
import type { Deps } from '../../deps.js';
import { fail, ok, type Result } from '../../result.js';
import { discordLimits } from '../discord-limits.js';
import { neutraliseText, stripInvisible } from '../neutralise-text.js';

/** An article's details and numbered lines as an embed, as many lines as fit, saying which lines are shown. */
export function articleShowEmbed(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  id: string,
  lines: string | null,
): Result<APIEmbed, 'not-found' | 'bad-range'> {
  const shown = showArticle(deps, { id, scope, lines });
  if (!shown.ok && shown.reason === 'not-found')
    return fail('not-found', `No article with the id "${stripInvisible(id).slice(0, 80)}" is visible here.`);
  if (!shown.ok) return shown;
  const { article, range } = shown.value;
  const budget = discordLimits.embedDescription - 100;
  let description = '';
  let last = range.from - 1;
  for (const line of shown.value.lines) {
    let text = `**${line.line}** ${neutraliseText(stripInvisible(line.text).trim())}`;
    if (description === '' && text.length > budget) text = `${text.slice(0, budget - 1)}\u2026`;
    const joined = description === '' ? text : `${description}\n${text}`;
    if (joined.length > budget) break;
    description = joined;
    last = line.line;
  }
  const more = last < range.to ? ` \u00b7 more with lines: ${last + 1}-${range.to}` : '';
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
      text: `${article.id} \u00b7 ${stripInvisible(article.source).slice(0, 100)} \u00b7 ${article.published} \u00b7 ${who} \u00b7 lines ${range.from}-${last} of ${article.lineCount}${more}`,
    },
  });
}
