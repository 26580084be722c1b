import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
} from 'discord.js';
import type { Scope } from '../../corpus/article-schema.js';
import { findRemovable } from '../../corpus/remove-article.js';
import type { Deps } from '../../deps.js';
import { fail, ok, type Result } from '../../result.js';
import { neutraliseText } from '../neutralise-text.js';

/** Custom ids of the confirmation buttons. */
export const removeButtonIds = {
  confirm: (id: string): string => `article:remove:${id}`,
  cancel: 'article:cancel',
} as const;

/** The question asking a moderator to confirm removing an article added in this server, with its two buttons. */
export function removeConfirmation(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  id: string,
): Result<
  { content: string; components: APIActionRowComponent<APIButtonComponentWithCustomId>[] },
  'not-found' | 'curated'
> {
  const found = findRemovable(deps, id, scope);
  if (!found.ok && found.reason === 'not-found') {
    return fail('not-found', 'No article with that id was added in this server.');
  }
  if (!found.ok) {
    return fail(
      'curated',
      `\`${id}\` is a curated article; it is removed by deleting its file from data/articles/.`,
    );
  }
  const article = found.value;
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
