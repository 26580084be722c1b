import type { Scope } from '../../corpus/article-schema.js';
import { fail, ok, type Result } from '../../result.js';
import type { ArticleStore } from '../../store/article-store.js';
import { code, markdown, untrustedWithin } from '../discord-markdown.js';
import type { OutgoingMessage } from '../discord-output.js';

/**
 * The question asking a moderator to confirm removing an article added in this server, with its two buttons, whose
 * ids `buttonId` makes (bound to the moderator who asked).
 */
export function removeConfirmation(
  articles: ArticleStore,
  scope: Scope,
  id: string,
  buttonId: (parts: string[]) => string,
): Result<OutgoingMessage, 'not-found' | 'curated'> {
  const article = articles.get(id, scope);
  if (!article || (article.origin === 'added' && article.scope !== scope)) {
    return fail('not-found', 'No article with that id was added in this server.');
  }
  if (article.origin === 'data') {
    return fail(
      'curated',
      `"${article.id}" is a curated article; it is removed by deleting its file from data/articles/.`,
    );
  }
  return ok({
    content: markdown`Remove **${untrustedWithin(article.title, 300)}** (${code(article.id)}, ${article.lineCount} lines)? It will no longer be used for answers in this server.`,
    buttons: [
      [
        {
          customId: buttonId(['article', 'remove', String(article.rowid)]),
          label: 'Remove',
          style: 'danger',
        },
        { customId: buttonId(['article', 'cancel']), label: 'Keep it' },
      ],
    ],
  });
}
