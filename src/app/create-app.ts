import { systemClock } from '../clock.js';
import { hasLlm, type Config } from '../config.js';
import { syncDataDir } from '../corpus/sync-data-dir.js';
import type { Deps } from '../deps.js';
import { loadPrompts } from '../llm/load-prompts.js';
import { createOpenAiChatModel } from '../llm/openai-chat-model.js';
import { createLogger } from '../logger.js';
import { createIndexRetriever } from '../retrieval/index-retriever.js';
import { ArticleStore } from '../store/article-store.js';
import { openDatabase } from '../store/open-database.js';

/**
 * The composition root: opens the database, syncs the curated `data/articles/` files into it, loads the prompts and
 * picks the LLM (or none), returning the dependencies every front end hands to the core. `overrides` replace parts
 * (tests pass a clock, a logger or a chat model).
 */
export function createApp(config: Config, overrides: Partial<Deps> = {}): Deps {
  const logger = overrides.logger ?? createLogger(config.NEWSDESK_LOG_LEVEL);
  const clock = overrides.clock ?? systemClock;
  const db = overrides.db ?? openDatabase(config.NEWSDESK_DB);
  const articles = overrides.articles ?? new ArticleStore(db);
  syncDataDir({ articles, clock, logger }, config.NEWSDESK_ARTICLES_DIR);
  const chatModel =
    overrides.chatModel !== undefined
      ? overrides.chatModel
      : hasLlm(config)
        ? createOpenAiChatModel(
            {
              baseURL: config.OPENAI_BASE_URL,
              apiKey: config.OPENAI_API_KEY,
              model: config.NEWSDESK_MODEL,
              timeoutMs: config.NEWSDESK_LLM_TIMEOUT_MS,
            },
            logger,
          )
        : null;
  return {
    config,
    db,
    articles,
    retriever:
      overrides.retriever ??
      createIndexRetriever(db, {
        snapshotPath: config.NEWSDESK_DB === ':memory:' ? null : `${config.NEWSDESK_DB}.index`,
        logger,
      }),
    chatModel,
    prompts: overrides.prompts ?? loadPrompts(),
    clock,
    logger,
  };
}

/** Stops an app for good: saves what the next start can reuse (the search index snapshot), then closes the database. */
export function closeApp(deps: Pick<Deps, 'db' | 'retriever' | 'logger'>): void {
  try {
    deps.retriever.persist();
  } catch (error) {
    // A snapshot not written only costs the next start some re-indexing; the database is what matters.
    deps.logger.warn('could not save the search index snapshot', { error });
  }
  deps.db.close();
}
