import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const flag = z
  .string()
  .trim()
  .optional()
  .transform((value) => value === '1' || value?.toLowerCase() === 'true');

const idList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** Every setting newsdesk reads from the environment, validated; mirrored in `.env.example` and the README. */
export const ConfigSchema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_API_URL: z.url().default('https://discord.com/api'),
  DISCORD_GUILD_ID: optionalText,
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  NEWSDESK_MODEL: z.string().trim().min(1).default('gpt-4o-mini'),
  NEWSDESK_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  NEWSDESK_LLM_PASSAGES: z.coerce.number().int().min(1).max(20).default(8),
  NEWSDESK_DB: z.string().trim().min(1).default('data/newsdesk.db'),
  NEWSDESK_ARTICLES_DIR: z.string().trim().min(1).default('data/articles'),
  NEWSDESK_ALLOW_PRIVATE_URLS: flag,
  NEWSDESK_MAX_QUESTION_CHARS: z.coerce.number().int().positive().default(500),
  NEWSDESK_MODERATOR_ROLE_IDS: idList,
  NEWSDESK_COOLDOWN_SECONDS: z.coerce.number().nonnegative().default(10),
  NEWSDESK_LLM_BUDGET_PER_HOUR: z.coerce.number().int().nonnegative().default(60),
  NEWSDESK_BRIEFING_CHANNEL_ID: optionalText,
  NEWSDESK_BRIEFING_CRON: optionalText,
  NEWSDESK_BRIEFING_TZ: z.string().trim().min(1).default('UTC'),
  NEWSDESK_BRIEFING_GRACE_MINUTES: z.coerce.number().int().nonnegative().default(120),
  NEWSDESK_BRIEFING_EMPTY_NOTE: flag,
  NEWSDESK_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
});

/** The validated settings handed to every part of newsdesk. */
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown when the environment holds a setting that cannot be used. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads `.env` (if present) and the environment, and returns validated settings.
 * The only place in newsdesk that reads `process.env`.
 */
export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
  options: { dotenv?: boolean } = {},
): Config {
  if (options.dotenv !== false && environment === process.env) loadDotenv({ quiet: true });
  const parsed = ConfigSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid settings: ${problems.join('; ')}`);
  }
  return parsed.data;
}

/** True when an LLM endpoint is configured (a key, a base URL, or both). */
export function hasLlm(config: Config): boolean {
  return config.OPENAI_API_KEY !== undefined || config.OPENAI_BASE_URL !== undefined;
}
