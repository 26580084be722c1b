import type { Scope } from '../../corpus/article-schema.js';
import type { StoredArticle } from '../../corpus/article-store.js';
import { listArticles } from '../../corpus/list-articles.js';
import type { Deps } from '../../deps.js';
import { bold, code, joinMarkdown, markdown, untrustedWithin, userMention } from '../discord-markdown.js';
import type { OutgoingMessage } from '../discord-output.js';

const pageSize = 10;

function entry(article: StoredArticle): ReturnType<typeof markdown> {
  const who =
    article.origin === 'data'
      ? markdown`curated`
      : markdown`added by ${article.addedBy ? userMention(article.addedBy) : 'someone'} on ${article.addedAt.slice(0, 10)}`;
  return markdown`${code(article.id)} ${bold(untrustedWithin(article.title, 120))} \u00b7 ${untrustedWithin(article.source, 50)} \u00b7 ${article.published.slice(0, 10)} \u00b7 ${who}`;
}

/**
 * One page of the articles visible in a server, newest first, with who added each, and Previous/Next buttons whose
 * ids `buttonId` makes (bound to the moderator who asked).
 */
export function articleListPage(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  requestedPage: number,
  buttonId: (parts: string[]) => string,
): OutgoingMessage {
  const {
    articles: shown,
    page,
    pages,
    total,
  } = listArticles(deps, scope, { page: requestedPage, pageSize });
  const description =
    shown.length === 0
      ? markdown`No articles yet. Add one with /article add.`
      : joinMarkdown(shown.map(entry), '\n');
  // The direction keeps the two ids distinct even when both buttons are disabled.
  const button = (label: 'Previous' | 'Next', target: number, disabled: boolean) => ({
    customId: buttonId(['article', 'list', String(target), label === 'Next' ? 'next' : 'previous']),
    label,
    disabled,
  });
  return {
    content: markdown``,
    embeds: [
      {
        title: markdown`Articles (page ${page} of ${pages}, ${total} in all)`,
        description,
        footer: 'Curated articles are searched everywhere; added ones only in the server they were added in.',
      },
    ],
    buttons: [[button('Previous', page - 1, page <= 1), button('Next', page + 1, page >= pages)]],
  };
}
