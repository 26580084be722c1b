import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

describe('the logger', () => {
  it('redacts every configured secret from messages, fields and error causes, also inside JSON and URLs', () => {
    const lines: string[] = [];
    const key = 'sk-test-"secret"/key+1';
    const logger = createLogger('debug', {
      secrets: [key, 'discord.bot.token', undefined],
      write: (line) => lines.push(line),
    });
    const cause = new Error(`401 Incorrect API key provided: ${key}`);
    logger.error(`calling with ${key}`, {
      error: new Error('LLM call failed', { cause }),
      header: 'Authorization: Bot discord.bot.token',
      url: `https://example.org/?key=${encodeURIComponent(key)}`,
      base: 'https://admin:hunter2@llm.example/v1',
    });
    const text = lines.join('');
    expect(text).not.toContain('secret');
    expect(text).not.toContain('discord.bot.token');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('[redacted]');
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      error: { message: 'LLM call failed', cause: { message: '401 Incorrect API key provided: [redacted]' } },
      base: 'https://[redacted]@llm.example/v1',
    });
  });

  it('writes nothing below its level', () => {
    const lines: string[] = [];
    const logger = createLogger('warn', { secrets: [], write: (line) => lines.push(line) });
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
  });
});
