import { afterEach, describe, expect, it } from 'vitest';
import { BotStartError, startBot } from '../../src/discord/start-bot.js';
import { createTestApp } from '../helpers/create-test-app.js';
import { startFakeDiscord } from '../helpers/fake-discord.js';
import { expectNoPings, postedText, startBotTestKit, type BotTestKit } from './bot-test-kit.js';

let kit: BotTestKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const question = { name: 'question', type: 3, value: 'what did Kallas say about troops?' };

describe('/ask against the real discord.js client', () => {
  it('logs in, then defers /ask and edits the reply into an answer citing line 5 of the seed article', async () => {
    kit = await startBotTestKit();
    expect(kit.bot.client.isReady()).toBe(true);
    expect(kit.fake.requests[0]?.path).toBe('/gateway/bot');

    const { id, token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    const edit = await kit.waitForEdit(token);
    const callback = kit.fake.requests.find(
      (request) => request.path === `/interactions/${id}/${token}/callback`,
    );
    expect(callback?.body).toMatchObject({ type: 5 });
    expect(callback?.index).toBeLessThan(edit.index);

    const text = postedText(edit.body);
    expect(text).toContain('no single European solution on sending troops to Ukraine');
    expect(text).toContain('**[1]**');
    expect(text).toContain('line 5');
    expect(text).toContain('kallas-eu-contribution-security-guarantees');
    expectNoPings(edit.body);
    const buttons =
      ((edit.body as { components: unknown }).components as { components: { custom_id: string }[] }[])[0]
        ?.components ?? [];
    expect(buttons.map((button) => button.custom_id)).toEqual([
      expect.stringMatching(/^ask:vote:\d+:up:c[\w-]{16}$/),
      expect.stringMatching(/^ask:vote:\d+:down:c[\w-]{16}$/),
    ]);
  });
});

describe('starting', () => {
  it('fails with a clear error, instead of hanging, when Discord rejects the token', async () => {
    const fake = await startFakeDiscord([]);
    const app = createTestApp({ DISCORD_API_URL: fake.apiUrl, DISCORD_TOKEN: 'wrong-token' });
    try {
      await expect(startBot(app.deps, { readyTimeoutMs: 10_000 })).rejects.toThrow(BotStartError);
    } finally {
      app.close();
      await fake.close();
    }
  });
});
