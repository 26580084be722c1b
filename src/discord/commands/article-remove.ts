import type { Scope } from '../../corpus/article-schema.js';
import { findRemovable } from '../../corpus/remove-article.js';
import type { Deps } from '../../deps.js';
import { fail, ok, type Result } from '../../result.js';
import { code, markdown, untrustedWithin } from '../discord-markdown.js';
import type { OutgoingMessage } from '../discord-output.js';

/**
 * The question asking a moderator to confirm removing an article added in this server, with its two buttons, whose
 * ids `buttonId` makes (bound to the moderator who asked).
 */
export function removeConfirmation(
  deps: Pick<Deps, 'articles'>,
  scope: Scope,
  id: string,
  buttonId: (parts: string[]) => string,
): Result<OutgoingMessage, 'not-found' | 'curated'> {
  const found = findRemovable(deps, id, scope);
  if (!found.ok && found.reason === 'not-found') {
    return fail('not-found', 'No article with that id was added in this server.');
  }
  if (!found.ok) {
    return fail(
      'curated',
      `"${id}" is a curated article; it is removed by deleting its file from data/articles/.`,
    );
  }
  const article = found.value;
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
