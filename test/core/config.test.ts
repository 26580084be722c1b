import { readFileSync } from 'node:fs';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, ConfigSchema, hasLlm, loadConfig } from '../../src/config.js';

describe('configuration', () => {
  it('lists every setting in .env.example, and the example as shipped is valid', () => {
    const example = parse(readFileSync('.env.example', 'utf8'));
    expect(Object.keys(example).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
    const config = loadConfig(example, { dotenv: false });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(hasLlm(config)).toBe(false);
  });

  it('works with nothing configured', () => {
    const config = loadConfig({}, { dotenv: false });
    expect(config).toMatchObject({ NEWSDESK_DB: 'data/newsdesk.db', NEWSDESK_LLM_TIMEOUT_MS: 30_000 });
  });

  it('names the setting that is wrong, without echoing secret values', () => {
    const attempt = () =>
      loadConfig({ NEWSDESK_LLM_TIMEOUT_MS: 'soon', OPENAI_API_KEY: 'sk-secret-value' }, { dotenv: false });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/NEWSDESK_LLM_TIMEOUT_MS/);
    expect(attempt).not.toThrow(/sk-secret-value/);
  });
});
