import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import { fail, ok, type Result } from '../../result.js';
import type { ArticleStore } from '../../corpus/article-store.js';
import { neutraliseText } from '../neutralise-text.js';

/** Custom ids of the confirmation buttons. */
export const removeButtonIds = {
  confirm: (id: string): string => `article:remove:${id}`,
  cancel: 'article:cancel',
} as const;

/** The question asking a moderator to confirm removing an article added in this server, with its two buttons. */
export function removeConfirmation(
  articles: ArticleStore,
  scope: Scope,
  id: string,
): Result<
  { content: string; components: APIActionRowComponent<APIButtonComponentWithCustomId>[] },
  'not-found' | 'curated'
> {
  const article = articles.get(id, scope);
  if (!article || (article.origin === 'added' && article.scope !== scope)) {
    return fail('not-found', 'No article with that id was added in this server.');
  }
  if (article.origin === 'data') {
    return fail(
      'curated',
      `\`${article.id}\` is a curated article; it is removed by deleting its file from data/articles/.`,
    );
  }
  return ok({
    content: `Remove **${neutraliseText(article.title)}** (\`${article.id}\`, ${article.lineCount} lines)? It will no longer be used for answers in this server.`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Danger,
            label: 'Remove',
            custom_id: removeButtonIds.confirm(article.id),
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'Keep it',
            custom_id: removeButtonIds.cancel,
          },
        ],
      },
    ],
  });
}
