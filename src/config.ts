import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { isTimezone, parseSchedule } from './briefing/parse-schedule.js';
import { DiscordIdSchema } from './corpus/article-schema.js';

/** Settings whose values are never repeated in a message or a log line, even when they are the ones refused. */
const secretSettings = ['DISCORD_TOKEN', 'OPENAI_API_KEY'] as const;

/** An empty or blank value means the setting is not given, so its default applies (as in `.env.example`). */
function setting<Schema extends z.ZodType>(schema: Schema) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
    schema,
  );
}

/**
 * A setting read by `parse`, which returns undefined for a value it refuses; `allowed` says what it takes. A refusal
 * does not stop the parse, so every refused setting is reported at once (the schedule check included); the default
 * returned with it is never used, since the parse fails.
 */
function parsed<T>(defaultValue: T, parse: (value: string) => T | undefined, allowed: string) {
  return setting(
    z
      .string()
      .optional()
      .transform((value, context): T => {
        if (value === undefined) return defaultValue;
        const result = parse(value);
        if (result !== undefined) return result;
        context.addIssue({ code: 'custom', message: `allowed: ${allowed}.`, continue: true });
        return defaultValue;
      }),
  );
}

const optionalText = setting(z.string().optional());

function text(defaultValue: string) {
  return setting(z.string().default(defaultValue));
}

const booleanWords: Record<string, boolean> = {
  '1': true,
  true: true,
  yes: true,
  '0': false,
  false: false,
  no: false,
};

function flag(defaultValue: boolean) {
  return parsed(defaultValue, (value) => booleanWords[value.toLowerCase()], '1, 0, true, false, yes or no');
}

/** A count or duration: digits only (no signs, exponents or hex), within `min` to `max`. */
function wholeNumber(defaultValue: number, range: { min: number; max?: number; unit: string }) {
  const within = (number: number): boolean =>
    Number.isSafeInteger(number) && number >= range.min && number <= (range.max ?? Infinity);
  return parsed(
    defaultValue,
    (value) => (/^\d+$/.test(value) && within(Number(value)) ? Number(value) : undefined),
    `a whole number of ${range.unit} from ${range.min}${range.max === undefined ? ' up' : ` to ${range.max}`}, such as ${defaultValue}`,
  );
}

function seconds(defaultValue: number) {
  return parsed(
    defaultValue,
    (value) => (/^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined),
    `a number of seconds, 0 or more, such as ${defaultValue} or 2.5`,
  );
}

function webAddress(example: string) {
  return z.url({
    protocol: /^https?$/,
    error: `allowed: an http or https address, such as ${example}.`,
  });
}

const isDiscordId = (value: string): boolean => DiscordIdSchema.safeParse(value).success;

const discordId = parsed<string | undefined>(
  undefined,
  (value) => (isDiscordId(value) ? value : undefined),
  'a Discord id, digits only',
);

const idList = parsed<string[]>(
  [],
  (value) => {
    const ids = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
    return ids.every(isDiscordId) ? ids : undefined;
  },
  'Discord role ids (digits) separated by commas, such as 123456789012345678,234567890123456789',
);

const logLevels = ['debug', 'info', 'warn', 'error'] as const;

/** The environment schedule's default: every day at 08:00. */
const defaultBriefingCron = '0 8 * * *';

/**
 * Every setting newsdesk reads from the environment, validated; mirrored in `.env.example` and the README. An empty
 * value is the default; anything else that is not allowed is refused with the setting, its value and what it takes.
 */
export const ConfigSchema = z
  .object({
    DISCORD_TOKEN: optionalText,
    DISCORD_API_URL: setting(webAddress('https://discord.com/api').default('https://discord.com/api')),
    DISCORD_GUILD_ID: discordId,
    OPENAI_API_KEY: optionalText,
    OPENAI_BASE_URL: setting(webAddress('http://localhost:11434/v1').optional()),
    NEWSDESK_MODEL: text('gpt-4o-mini'),
    NEWSDESK_LLM_TIMEOUT_MS: wholeNumber(30_000, { min: 1, max: 3_600_000, unit: 'milliseconds' }),
    NEWSDESK_LLM_PASSAGES: wholeNumber(8, { min: 1, max: 20, unit: 'passages' }),
    NEWSDESK_DB: text('data/newsdesk.db'),
    NEWSDESK_ARTICLES_DIR: text('data/articles'),
    NEWSDESK_ALLOW_PRIVATE_URLS: flag(false),
    NEWSDESK_MAX_QUESTION_CHARS: wholeNumber(500, { min: 1, unit: 'characters' }),
    NEWSDESK_MODERATOR_ROLE_IDS: idList,
    NEWSDESK_COOLDOWN_SECONDS: seconds(10),
    NEWSDESK_LLM_BUDGET_PER_HOUR: wholeNumber(60, { min: 0, unit: 'answers' }),
    NEWSDESK_BRIEFING_CHANNEL_ID: discordId,
    NEWSDESK_BRIEFING_CRON: text(defaultBriefingCron),
    NEWSDESK_BRIEFING_TZ: text('UTC'),
    NEWSDESK_BRIEFING_GRACE_MINUTES: wholeNumber(120, { min: 0, unit: 'minutes' }),
    NEWSDESK_BRIEFING_EMPTY_NOTE: flag(false),
    NEWSDESK_FEEDS_FILE: text('data/feeds.json'),
    NEWSDESK_FEED_EVERY_MINUTES: wholeNumber(15, { min: 1, max: 1440, unit: 'minutes' }),
    NEWSDESK_FEED_MIN_MINUTES: wholeNumber(5, { min: 1, max: 1440, unit: 'minutes' }),
    NEWSDESK_FEED_EXPIRY_DAYS: wholeNumber(30, { min: 1, max: 3650, unit: 'days' }),
    NEWSDESK_FEED_HOST_CONCURRENCY: wholeNumber(2, { min: 1, max: 10, unit: 'requests' }),
    NEWSDESK_LOG_LEVEL: parsed<(typeof logLevels)[number]>(
      'info',
      (value) => logLevels.find((level) => level === value.toLowerCase()),
      'debug, info, warn or error',
    ),
  })
  .superRefine((config, context) => {
    if (config.NEWSDESK_FEED_EVERY_MINUTES < config.NEWSDESK_FEED_MIN_MINUTES) {
      context.addIssue({
        code: 'custom',
        path: ['NEWSDESK_FEED_EVERY_MINUTES'],
        message: `allowed: at least NEWSDESK_FEED_MIN_MINUTES (${config.NEWSDESK_FEED_MIN_MINUTES}), the shortest interval a feed may be polled at.`,
      });
    }
    // The schedule's rules live in parseSchedule, which /briefing schedule uses too; the zone is checked on its own
    // so a bad zone and a bad cron are both reported at once.
    const zoneKnown = isTimezone(config.NEWSDESK_BRIEFING_TZ);
    if (!zoneKnown) {
      context.addIssue({
        code: 'custom',
        path: ['NEWSDESK_BRIEFING_TZ'],
        message:
          'not a time zone this system knows; allowed: an IANA time zone such as Europe/Berlin, or UTC.',
      });
    }
    const schedule = parseSchedule({
      cron: config.NEWSDESK_BRIEFING_CRON,
      timezone: zoneKnown ? config.NEWSDESK_BRIEFING_TZ : 'UTC',
    });
    if (!schedule.ok) {
      context.addIssue({
        code: 'custom',
        path: ['NEWSDESK_BRIEFING_CRON'],
        message: `${schedule.message.replace(/([^.])$/, '$1.')} Allowed: a five-field cron expression (minute hour day-of-month month day-of-week) that posts at most once an hour, such as "0 8 * * 1-5".`,
      });
    }
  });

/** The validated settings handed to every part of newsdesk. */
export type Config = z.infer<typeof ConfigSchema>;

/** Thrown when the environment holds a setting that cannot be used; its message lists every such setting. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Reads `.env` (if present) and the environment, and returns validated settings, or throws a {@link ConfigError}
 * naming each refused setting, its value (never a secret's) and what it allows. The only place in newsdesk that
 * reads `process.env`.
 */
export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
  options: { dotenv?: boolean } = {},
): Config {
  if (options.dotenv !== false && environment === process.env) loadDotenv({ quiet: true });
  const parsed = ConfigSchema.safeParse(environment);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = environment[name]?.trim() ?? '';
      const shown = (secretSettings as readonly string[]).includes(name) ? '(hidden)' : JSON.stringify(value);
      return `  ${name} is ${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid settings (in the environment or .env):\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** True when an LLM endpoint is configured (a key, a base URL, or both). */
export function hasLlm(config: Config): boolean {
  return config.OPENAI_API_KEY !== undefined || config.OPENAI_BASE_URL !== undefined;
}

/** The values of the settings that must never appear in a log line. */
export function secretsOf(config: Config): (string | undefined)[] {
  return secretSettings.map((name) => config[name]);
}
