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

  it('delivers the answer after four 500s on its edit, backing off between attempts', async () => {
    kit = await startBotTestKit();
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    kit.fake.failNext(
      isOriginalEdit(token),
      { status: 500, body: { message: 'Internal Server Error', code: 0 } },
      4,
    );
    const edit = await kit.waitForEdit(token);
    expect(postedText(edit.body)).toContain('no single European solution on sending troops to Ukraine');
    expect(kit.fake.requests.filter(isOriginalEdit(token)).map((request) => request.status)).toEqual([
      500, 500, 500, 500, 200,
    ]);
  });

  it('delivers every answer after a three-second outage of 500s and 503s', async () => {
    kit = await startBotTestKit({
      bot: { delivery: { baseDelayMs: 100, maxDelayMs: 800, giveUpAfterMs: 30_000 } },
    });
    const current = kit;
    const asked = Array.from({ length: 10 }, () =>
      current.fake.sendCommand('ask', [question], current.asMember()),
    );
    const tokens = new Set(asked.map((interaction) => interaction.token));
    current.fake.failFor(
      ({ method, path }) =>
        (method === 'PATCH' || method === 'POST') &&
        path.startsWith('/webhooks/') &&
        [...tokens].some((token) => path.includes(token)),
      3000,
      (attempt) => ({
        status: attempt % 2 === 0 ? 500 : 503,
        body: { message: 'Service Unavailable', code: 0 },
      }),
    );
    for (const { token } of asked) {
      const edit = await current.fake.waitForRequest(
        (request) =>
          isOriginalEdit(token)(request) &&
          request.status === 200 &&
          postedText(request.body).includes('line 5'),
        0,
        20_000,
      );
      expect(postedText(edit.body)).toContain('no single European solution');
    }
    const failures = current.fake.requests.filter((request) => request.status >= 500).length;
    expect(failures).toBeGreaterThan(10);
  });

  it('replaces "thinking…" with a clear failure message when the answer cannot get through in time', async () => {
    kit = await startBotTestKit({
      bot: { delivery: { baseDelayMs: 20, maxDelayMs: 100, giveUpAfterMs: 500 } },
    });
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    // Every attempt at the answer itself fails; the short failure message is let through.
    kit.fake.failFor(
      ({ method, path, body }) => isOriginalEdit(token)({ method, path }) && (body?.embeds?.length ?? 0) > 0,
      60_000,
      () => ({ status: 500, body: { message: 'Internal Server Error', code: 0 } }),
    );
    const edit = await kit.waitForEdit(token);
    expect(edit.body.content).toContain('Sorry, something went wrong on my side');
    expect(kit.fake.requests.filter(isOriginalEdit(token)).length).toBeGreaterThan(3);
    const failed = kit.logs.find((entry) => entry.message === 'handling an interaction failed');
    expect(failed?.fields.command).toBe('ask');
  });

  it('logs the cause when even the failure message cannot be posted', async () => {
    kit = await startBotTestKit({
      bot: { delivery: { baseDelayMs: 20, maxDelayMs: 100, giveUpAfterMs: 400 } },
    });
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    kit.fake.failFor(isOriginalEdit(token), 60_000, () => ({
      status: 500,
      body: { message: 'Internal Server Error', code: 0 },
    }));
    await expect
      .poll(
        () =>
          kit?.logs.find((entry) => entry.message === 'could not tell the user that their request failed'),
        {
          timeout: 10_000,
        },
      )
      .toBeDefined();
  });

  it('stops at its own invalid-request budget under a persistent 429, far below Discord’s ban', async () => {
    kit = await startBotTestKit({
      bot: { delivery: { baseDelayMs: 20, maxDelayMs: 200, giveUpAfterMs: 3000, invalidRequestBudget: 12 } },
    });
    const { token } = kit.fake.sendCommand('ask', [question], kit.asMember());
    kit.fake.failFor(
      ({ method, path }) => method === 'PATCH' && path.includes(token),
      60_000,
      () => ({
        status: 429,
        headers: { 'retry-after': '0.05', 'x-ratelimit-scope': 'user' },
        body: { message: 'You are being rate limited.', retry_after: 0.05, global: false },
      }),
    );
    await expect
      .poll(
        () =>
          kit?.logs.find((entry) => entry.message === 'could not tell the user that their request failed'),
        {
          timeout: 15_000,
        },
      )
      .toBeDefined();
    const limited = kit.fake.requests.filter((request) => request.status === 429).length;
    expect(limited).toBeGreaterThan(0);
    expect(limited).toBeLessThanOrEqual(12);
  });

  it('retries a deferral that met a short 429 in time, and never queues it behind another answer', async () => {
    kit = await startBotTestKit();
    const first = kit.fake.sendCommand('ask', [question], kit.asMember());
    const held = kit.fake.holdNext(isOriginalEdit(first.token));
    await held.reached;
    const second = kit.fake.sendCommand('ask', [question], kit.asMember());
    const callback = ({ method, path }: { method: string; path: string }) =>
      method === 'POST' && path === `/interactions/${second.id}/${second.token}/callback`;
    kit.fake.failNext(callback, {
      status: 429,
      headers: { 'retry-after': '0.2', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: 0.2, global: false },
    });
    const deferred = await kit.fake.waitForRequest((request) => callback(request) && request.status === 204);
    expect(deferred.body.type).toBe(5);
    await kit.waitForEdit(second.token);
    held.release();
    await kit.waitForEdit(first.token);
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
