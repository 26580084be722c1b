import type { Scope } from '../../corpus/article-schema.js';
import { showArticle } from '../../corpus/show-article.js';
import type { Deps } from '../../deps.js';
import { fail, ok, type Result } from '../../result.js';
import { discordLimits } from '../discord-limits.js';
import { clampText, joinMarkdown, markdown, untrustedWithin, type Markdown } from '../discord-markdown.js';
import type { OutgoingMessage } from '../discord-output.js';

/** An article's details and numbered lines as an embed, as many lines as fit, saying which lines are shown. */
export function articleShowEmbed(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  id: string,
  lines: string | null,
): Result<OutgoingMessage, 'not-found' | 'bad-range'> {
  const found = showArticle(deps, { id, scope, lines });
  if (!found.ok && found.reason === 'not-found')
    return fail('not-found', `No article with the id "${clampText(id, 80)}" is visible here.`);
  if (!found.ok) return found;
  const { article, range } = found.value;
  const budget = discordLimits.embedDescription - 100;
  const shown: Markdown[] = [];
  let length = 0;
  let last = range.from - 1;
  for (const line of found.value.lines) {
    const text = markdown`**${line.line}** ${untrustedWithin(line.text, budget - 12)}`;
    if (shown.length > 0 && length + 1 + text.length > budget) break;
    length += (shown.length > 0 ? 1 : 0) + text.length;
    shown.push(text);
    last = line.line;
  }
  const more = last < range.to ? ` \u00b7 more with lines: ${last + 1}-${range.to}` : '';
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
        footer: `${article.id} \u00b7 ${who} \u00b7 lines ${range.from}-${last} of ${article.lineCount}${more}`,
      },
    ],
  });
}
