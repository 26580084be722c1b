import { AnswerLog } from '../answer/answer-log.js';
import { BriefingStore } from '../briefing/briefing-store.js';
import { systemClock } from '../clock.js';
import { hasLlm, secretsOf, type Config } from '../config.js';
import { ArticleStore } from '../corpus/article-store.js';
import { syncDataDir, type SyncReport } from '../corpus/sync-data-dir.js';
import type { Deps } from '../deps.js';
import { FeedStore } from '../feeds/feed-store.js';
import { syncFeedsFile, type FeedsFileReport } from '../feeds/sync-feeds-file.js';
import { loadPrompts } from '../llm/load-prompts.js';
import { createOpenAiChatModel } from '../llm/openai-chat-model.js';
import { createLogger } from '../logger.js';
import { createIndexRetriever } from '../retrieval/index-retriever.js';
import { openDatabase, type Db } from '../store/open-database.js';

/**
 * A started newsdesk: the dependencies front ends hand to the core, what syncing `data/articles/` found, and the
 * one way to stop it. The database connection stays here, out of the core's reach; tests read it to check rows.
 */
export interface App {
  deps: Deps;
  /** What the start-up sync of the curated folder did, problems included, for the front end to report once. */
  curated: SyncReport;
  /** What syncing the curated feeds file did, problems included, for the front end to report once. */
  curatedFeeds: FeedsFileReport;
  db: Db;
  /** Saves what the next start can reuse (the search index snapshot), then closes the database. */
  close(): void;
}

/**
 * The composition root: opens the database, builds each capability's store over it, syncs the curated
 * `data/articles/` files and feeds file into it, loads the prompts and picks the LLM (or none). `overrides` replace parts (tests
 * pass a clock, a logger or a chat model).
 */
export function createApp(config: Config, overrides: Partial<Deps> = {}): App {
  const logger = overrides.logger ?? createLogger(config.NEWSDESK_LOG_LEVEL, { secrets: secretsOf(config) });
  const clock = overrides.clock ?? systemClock;
  const db = openDatabase(config.NEWSDESK_DB);
  const articles = overrides.articles ?? new ArticleStore(db);
  const curated = syncDataDir({ articles, clock, logger }, config.NEWSDESK_ARTICLES_DIR);
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
  const deps: Deps = {
    config,
    articles,
    briefings: overrides.briefings ?? new BriefingStore(db),
    feeds: overrides.feeds ?? new FeedStore(db),
    answers: overrides.answers ?? new AnswerLog(db),
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
  const curatedFeeds = syncFeedsFile(deps, deps.feeds, config.NEWSDESK_FEEDS_FILE);
  return {
    deps,
    curated,
    curatedFeeds,
    db,
    close() {
      try {
        deps.retriever.persist();
      } catch (error) {
        // A snapshot not written only costs the next start some re-indexing; the database is what matters.
        logger.warn('could not save the search index snapshot', { error });
      }
      db.close();
    },
  };
}
