import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, hasLlm, loadConfig } from '../../src/config.js';

const load = (environment: Record<string, string>) => loadConfig(environment, { dotenv: false });

/** The message a refused environment gets, or a failure if it was accepted. */
function refusal(environment: Record<string, string>): string {
  try {
    load(environment);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`accepted ${JSON.stringify(environment)}`);
}

/** The rows of a README table whose first column is a setting in backticks: setting and default column. */
function readmeDefaults(readme: string): [string, string][] {
  return [...readme.matchAll(/^\| `([A-Z_]+)` +\| ([^|]*?) +\|/gm)].map((match) => [
    match[1] ?? '',
    match[2] ?? '',
  ]);
}

describe('configuration', () => {
  it('lists every setting in .env.example, and the example as shipped is exactly the defaults', () => {
    const example = parse(readFileSync('.env.example', 'utf8'));
    expect(Object.keys(example).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    const config = load(example);
    expect(config).toEqual(load({}));
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(hasLlm(config)).toBe(false);
  });

  it('gives the same default in every README table as .env.example', () => {
    const example = parse(readFileSync('.env.example', 'utf8'));
    const rows = readmeDefaults(readFileSync('README.md', 'utf8'));
    // Both the configuration table and the briefing table.
    expect(rows.filter(([name]) => name === 'NEWSDESK_BRIEFING_CRON')).toHaveLength(2);
    for (const [name, shown] of rows) {
      expect(Object.keys(example), name).toContain(name);
      const value = example[name] ?? '';
      // A setting with no value in the example is shown with a dash or words ("OpenAI"), never a literal value.
      if (value === '') expect(shown, name).not.toMatch(/^`/);
      else expect(shown, name).toBe(`\`${value}\``);
    }
  });

  it('works with nothing configured', () => {
    const config = load({});
    expect(config).toMatchObject({
      NEWSDESK_DB: 'data/newsdesk.db',
      NEWSDESK_LLM_TIMEOUT_MS: 30_000,
      NEWSDESK_BRIEFING_CRON: '0 8 * * *',
      NEWSDESK_BRIEFING_TZ: 'UTC',
      NEWSDESK_ALLOW_PRIVATE_URLS: false,
    });
  });

  it('takes 1, 0, true, false, yes and no (any case) for a yes/no setting, and an empty value as the default', () => {
    for (const [value, expected] of [
      ['1', true],
      ['true', true],
      ['YES', true],
      ['0', false],
      ['False', false],
      ['no', false],
      ['', false],
      ['  ', false],
    ] as const) {
      expect(load({ NEWSDESK_ALLOW_PRIVATE_URLS: value }).NEWSDESK_ALLOW_PRIVATE_URLS, value).toBe(expected);
      expect(load({ NEWSDESK_BRIEFING_EMPTY_NOTE: value }).NEWSDESK_BRIEFING_EMPTY_NOTE, value).toBe(
        expected,
      );
    }
  });

  it.each([
    ['NEWSDESK_ALLOW_PRIVATE_URLS', 'maybe', /allowed: 1, 0, true, false, yes or no/],
    ['NEWSDESK_ALLOW_PRIVATE_URLS', 'on', /allowed: 1, 0, true, false, yes or no/],
    ['NEWSDESK_BRIEFING_EMPTY_NOTE', '2', /allowed: 1, 0, true, false, yes or no/],
    ['NEWSDESK_BRIEFING_TZ', 'Mars/Olympus', /not a time zone .*IANA time zone such as Europe\/Berlin/],
    ['NEWSDESK_BRIEFING_CRON', '61 8 * * *', /not valid.*at most once an hour/],
    ['NEWSDESK_BRIEFING_CRON', 'every morning', /five fields.*at most once an hour/],
    ['NEWSDESK_BRIEFING_CRON', '*/5 * * * *', /A briefing can be posted at most once an hour/],
    ['NEWSDESK_LLM_TIMEOUT_MS', 'soon', /whole number of milliseconds from 1 to 3600000/],
    ['NEWSDESK_LLM_TIMEOUT_MS', '0', /whole number of milliseconds from 1/],
    ['NEWSDESK_MAX_QUESTION_CHARS', '1e3', /whole number of characters from 1 up/],
    ['NEWSDESK_LLM_BUDGET_PER_HOUR', '-1', /whole number of answers from 0 up/],
    ['NEWSDESK_BRIEFING_GRACE_MINUTES', '2h', /whole number of minutes from 0 up/],
    ['NEWSDESK_COOLDOWN_SECONDS', 'ten', /number of seconds, 0 or more/],
    ['NEWSDESK_LOG_LEVEL', 'loud', /allowed: debug, info, warn or error/],
    ['DISCORD_API_URL', 'discord.com/api', /allowed: an http or https address/],
    ['OPENAI_BASE_URL', 'ftp://models.example', /allowed: an http or https address/],
    ['DISCORD_GUILD_ID', 'my-server', /allowed: a Discord id, digits only/],
    ['NEWSDESK_BRIEFING_CHANNEL_ID', '#news', /allowed: a Discord id, digits only/],
    [
      'NEWSDESK_MODERATOR_ROLE_IDS',
      '123456789012345678,moderators',
      /Discord role ids \(digits\) separated by commas/,
    ],
  ])('refuses %s=%s, naming the setting, the value and what is allowed', (name, value, allowed) => {
    const message = refusal({ [name]: value });
    expect(message).toContain(`${name} is ${JSON.stringify(value)}: `);
    expect(message).toMatch(allowed);
  });

  it('reports every refused setting at once, never repeating a secret', () => {
    const message = refusal({
      NEWSDESK_LLM_TIMEOUT_MS: 'soon',
      NEWSDESK_BRIEFING_TZ: 'Mars/Olympus',
      NEWSDESK_BRIEFING_CRON: '* * * * *',
      NEWSDESK_LOG_LEVEL: 'loud',
      OPENAI_API_KEY: 'sk-secret-value',
    });
    expect(message).toMatch(/NEWSDESK_LOG_LEVEL/);
    expect(message).toMatch(/NEWSDESK_LLM_TIMEOUT_MS/);
    expect(message).toMatch(/NEWSDESK_BRIEFING_TZ/);
    expect(message).toMatch(/NEWSDESK_BRIEFING_CRON/);
    expect(message).not.toMatch(/sk-secret-value/);
  });

  it('stops npm start with a non-zero exit before opening the database or connecting to Discord', () => {
    const directory = mkdtempSync(join(tmpdir(), 'newsdesk-config-'));
    try {
      const database = join(directory, 'never.db');
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          NEWSDESK_DB: database,
          // Nothing listens here; a start that got as far as connecting would hang or fail differently.
          DISCORD_TOKEN: 'token-that-is-never-used',
          DISCORD_API_URL: 'http://127.0.0.1:9/api',
          NEWSDESK_BRIEFING_TZ: 'Mars/Olympus',
          NEWSDESK_ALLOW_PRIVATE_URLS: 'maybe',
        },
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('NEWSDESK_BRIEFING_TZ is "Mars/Olympus"');
      expect(result.stderr).toContain('NEWSDESK_ALLOW_PRIVATE_URLS is "maybe"');
      expect(result.stderr).not.toContain('token-that-is-never-used');
      expect(existsSync(database)).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
