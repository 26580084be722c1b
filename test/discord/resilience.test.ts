import { once } from 'node:events';
import { Events } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { Retriever } from '../../src/retrieval/retriever.js';
import { postedText, startBotTestKit, type BotTestKit } from './bot-test-kit.js';

let kit: BotTestKit | undefined;
afterEach(async () => {
  await kit?.close();
  kit = undefined;
});

const question = { name: 'question', type: 3, value: 'what did Kallas say about troops?' };

function isOriginalEdit(token: string) {
  return ({ method, path }: { method: string; path: string }): boolean =>
    method === 'PATCH' && path.endsWith(`/${token}/messages/@original`);
}

describe('Discord faults', () => {
  it('retries a reply that got a 429 and the answer arrives', async () => {
    kit = await startBotTestKit();
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    kit.fake.failNext(isOriginalEdit(token), {
      status: 429,
      headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    });
    const edit = await kit.waitForEdit(token);
    expect(postedText(edit.body)).toContain('no single European solution on sending troops to Ukraine');
    const attempts = kit.fake.requests.filter(isOriginalEdit(token)).map((request) => request.status);
    expect(attempts).toEqual([429, 200]);
  });

  it('shows a friendly message when posting the answer still fails after discord.js retried it', async () => {
    kit = await startBotTestKit();
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    // discord.js makes 4 attempts at the answer edit; all fail, then the friendly edit goes through.
    kit.fake.failNext(
      isOriginalEdit(token),
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      4,
    );
    const edit = await kit.waitForEdit(token);
    expect(edit.body.content).toContain('Sorry, something went wrong on my side');
    expect(kit.fake.requests.filter(isOriginalEdit(token)).map((request) => request.status)).toEqual([
      500, 500, 500, 500, 200,
    ]);
    const failed = kit.logs.find((entry) => entry.message === 'handling an interaction failed');
    expect(failed?.fields.command).toBe('ask');
    expect((failed?.fields.error as Error).message).toMatch(/Internal Server Error/);
  });

  it('logs the cause when even the friendly message cannot be posted', async () => {
    kit = await startBotTestKit();
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    kit.fake.failNext(
      isOriginalEdit(token),
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      8,
    );
    await expect
      .poll(
        () =>
          kit?.logs.find((entry) => entry.message === 'could not tell the user that their request failed'),
        {
          timeout: 10_000,
        },
      )
      .toBeDefined();
    const unreported = kit.logs.find(
      (entry) => entry.message === 'could not tell the user that their request failed',
    );
    expect(((unreported?.fields.error as Error).cause as Error).message).toMatch(/Internal Server Error/);
  });

  it('replaces "thinking…" with a friendly message when answering throws', async () => {
    // Every retriever method throws, whatever the interface holds.
    const broken = new Proxy({} as Retriever, {
      get: () => () => {
        throw new Error('index file is corrupt');
      },
    });
    kit = await startBotTestKit({ overrides: { retriever: broken } });
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    const edit = await kit.waitForEdit(token);
    expect(edit.body.content).toContain('Sorry, something went wrong on my side');
    expect(
      kit.logs.some((entry) => entry.level === 'error' && entry.message === 'handling an interaction failed'),
    ).toBe(true);
  });

  it('resumes after the gateway drops mid-answer; the answer and a message sent meanwhile are both answered', async () => {
    kit = await startBotTestKit();
    const { id, token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    const { release, reached } = kit.fake.holdNext(
      ({ path }) => path === `/interactions/${id}/${token}/callback`,
    );
    // The bot is mid-answer once the fake is holding its deferral.
    await reached;
    const resumed = once(kit.bot.client, Events.ShardResume);
    const opsBefore = kit.fake.gatewayOps.length;
    kit.fake.dropGateway();
    const mention = kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> what did Kallas say about troops?`,
      mentionBot: true,
    });
    await kit.fake.waitForGatewayOp(6, opsBefore);
    await resumed;
    release();

    const edit = await kit.waitForEdit(token);
    expect(postedText(edit.body)).toContain('line 5');
    const reply = await kit.fake.waitForRequest(
      (request) =>
        request.method === 'POST' && request.path === `/channels/${kit?.guildA.channelId}/messages`,
    );
    expect(reply.body.message_reference?.message_id).toBe(mention.id);
    expect(kit.fake.gatewayOps.filter((op) => op === 2)).toHaveLength(1);
  });
});

describe('stopping', () => {
  it('finishes an answer in flight before closing the gateway, and turns new questions away politely', async () => {
    kit = await startBotTestKit();
    const first = kit.fake.sendCommand('ask', [question], kit.asMember());
    const { release, reached } = kit.fake.holdNext(
      ({ path }) => path === `/interactions/${first.id}/${first.token}/callback`,
    );
    await reached;
    const stopping = kit.bot.stop();
    const late = kit.fake.sendCommand('ask', [question], kit.asMember());
    const refusal = await kit.fake.waitForRequest(
      (request) => request.path === `/interactions/${late.id}/${late.token}/callback`,
    );
    expect(refusal.body.data?.content).toContain('restarting');
    release();
    await stopping;
    const edit = kit.fake.requests.find(
      (request) => isOriginalEdit(first.token)(request) && request.status === 200,
    );
    expect(postedText(edit?.body)).toContain('line 5');
    expect(kit.bot.client.isReady()).toBe(false);
  });
});
