import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { ChatModel } from './llm/chat-model.js';
import type { Prompts } from './llm/load-prompts.js';
import type { Logger } from './logger.js';
import type { Retriever } from './retrieval/retriever.js';
import type { ArticleStore } from './store/article-store.js';
import type { Db } from './store/open-database.js';

/** Everything the core needs, built once by the composition root (`src/app/create-app.ts`) and handed down. */
export interface Deps {
  config: Config;
  db: Db;
  articles: ArticleStore;
  retriever: Retriever;
  /** The configured LLM, or null to answer extractively. */
  chatModel: ChatModel | null;
  prompts: Prompts;
  clock: Clock;
  logger: Logger;
}
