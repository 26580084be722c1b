import type { AnswerLog } from './answer/answer-log.js';
import type { BriefingStore } from './briefing/briefing-store.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { ArticleStore } from './corpus/article-store.js';
import type { FeedStore } from './feeds/feed-store.js';
import type { ChatModel } from './llm/chat-model.js';
import type { Prompts } from './llm/load-prompts.js';
import type { Logger } from './logger.js';
import type { Retriever } from './retrieval/retriever.js';

/**
 * Everything the core needs, built once by the composition root (`src/app/create-app.ts`) and handed down. Each
 * capability reaches its own tables through its store; the database connection itself stays with the app.
 */
export interface Deps {
  config: Config;
  articles: ArticleStore;
  briefings: BriefingStore;
  feeds: FeedStore;
  answers: AnswerLog;
  retriever: Retriever;
  /** The configured LLM, or null to answer extractively. */
  chatModel: ChatModel | null;
  prompts: Prompts;
  clock: Clock;
  logger: Logger;
}
