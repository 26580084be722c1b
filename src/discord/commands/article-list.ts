import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
} from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import type { StoredArticle } from '../../corpus/article-store.js';
import { listArticles } from '../../corpus/list-articles.js';
import type { Deps } from '../../deps.js';
import { neutraliseText, stripInvisible } from '../neutralise-text.js';

const pageSize = 10;

/** Custom id of the button that shows page `page` (1-based) of the article list. */
export function listPageId(page: number): string {
  return `article:list:${page}`;
}

function clamp(text: string, limit: number): string {
  const clean = stripInvisible(text).trim();
  return clean.length <= limit ? clean : `${clean.slice(0, limit - 1).trimEnd()}\u2026`;
}

function entry(article: StoredArticle): string {
  const who =
    article.origin === 'data'
      ? 'curated'
      : `added by ${article.addedBy ? `<@${article.addedBy}>` : 'someone'} on ${article.addedAt.slice(0, 10)}`;
  return `\`${article.id}\` **${neutraliseText(clamp(article.title, 90))}** \u00b7 ${neutraliseText(clamp(article.source, 40))} \u00b7 ${article.published.slice(0, 10)} \u00b7 ${who}`;
}

/** One page of the articles visible in a server, newest first, with who added each, and Previous/Next buttons. */
export function articleListPage(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  requestedPage: number,
): { embeds: APIEmbed[]; components: APIActionRowComponent<APIButtonComponentWithCustomId>[] } {
  const {
    articles: shown,
    page,
    pages,
    total,
  } = listArticles(deps, scope, { page: requestedPage, pageSize });
  const description =
    shown.length === 0 ? 'No articles yet. Add one with `/article add`.' : shown.map(entry).join('\n');
  const button = (label: string, target: number, disabled: boolean): APIButtonComponentWithCustomId => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    label,
    // The page number keeps the two ids distinct even when both buttons are disabled.
    custom_id: `${listPageId(target)}:${label === 'Next' ? 'next' : 'previous'}`,
    disabled,
  });
  return {
    embeds: [
      {
        title: `Articles (page ${page} of ${pages}, ${total} in all)`,
        description,
        footer: {
          text: 'Curated articles are searched everywhere; added ones only in the server they were added in.',
        },
      },
    ],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [button('Previous', page - 1, page <= 1), button('Next', page + 1, page >= pages)],
      },
    ],
  };
}
