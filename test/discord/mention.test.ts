import { afterEach, describe, expect, it } from 'vitest';
import { addArticle } from '../../src/corpus/add-article.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';
import { snowflake } from '../helpers/fake-discord.js';
import { expectNoPings, postedText, startBotTestKit, type BotTestKit } from './bot-test-kit.js';

let kit: BotTestKit | undefined;
let openai: FakeOpenAiServer | undefined;
afterEach(async () => {
  await kit?.close();
  await openai?.close();
  kit = undefined;
  openai = undefined;
});

function isPost(channelId: string) {
  return (request: { method: string; path: string; status: number }): boolean =>
    request.method === 'POST' && request.path === `/channels/${channelId}/messages` && request.status === 200;
}

describe('questions in messages', () => {
  it('answers a mention as a reply without pinging anyone and starts a follow-up thread on the reply', async () => {
    kit = await startBotTestKit();
    const asked = kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> what did Kallas say about troops?`,
      mentionBot: true,
    });
    const reply = await kit.fake.waitForRequest(isPost(kit.guildA.channelId));
    expect(reply.body.message_reference).toMatchObject({ message_id: asked.id });
    expect(postedText(reply.body)).toContain('no single European solution on sending troops to Ukraine');
    expect(postedText(reply.body)).toContain('line 5');
    expectNoPings(reply.body);
    const thread = await kit.fake.waitForRequest(
      (request) => request.method === 'POST' && request.path.endsWith('/threads') && request.status === 201,
    );
    expect(thread.body.name).toContain('what did Kallas say about troops?');
  });

  it('ignores messages that do not mention the bot', async () => {
    kit = await startBotTestKit();
    kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: 'what did Kallas say about troops?',
    });
    // A mention sent afterwards is answered, so the first one would have been answered by now if it were taken.
    kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> ammunition deadline?`,
      mentionBot: true,
    });
    await kit.fake.waitForRequest(isPost(kit.guildA.channelId));
    await kit.fake.waitForRequest((request) => request.path.endsWith('/threads'));
    expect(kit.fake.requests.filter(isPost(kit.guildA.channelId))).toHaveLength(1);
  });

  it('answers a follow-up in the thread it started with the earlier question as context', async () => {
    openai = await startFakeOpenAiServer();
    openai.respond(() => ({ content: JSON.stringify({ claims: [] }) }));
    kit = await startBotTestKit({ environment: { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'test-key' } });
    kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> what did Kallas say about troops?`,
      mentionBot: true,
    });
    const threadRequest = await kit.fake.waitForRequest(
      (request) => request.path.endsWith('/threads') && request.status === 201,
    );
    const threadId = /\/messages\/(\d+)\/threads$/.exec(threadRequest.path)?.[1] ?? '';
    const since = kit.fake.requests.length;
    kit.fake.sendMessage({
      author: kit.member,
      channelId: threadId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> and who decides whether to deploy them?`,
      mentionBot: true,
    });
    const followUp = await kit.fake.waitForRequest(
      (request) => isPost(threadId)(request) && request.body.message_reference !== undefined,
      since,
    );
    expect(postedText(followUp.body)).toContain("couldn't find");
    const sent = openai.requests
      .at(-1)
      ?.body.messages.map((message) => `${message.role}: ${String(message.content)}`);
    expect(sent).toContainEqual('user: what did Kallas say about troops?');
    expect(sent?.at(-1)).toContain('and who decides whether to deploy them?');
    // No second thread is started inside the thread.
    expect(kit.fake.requests.filter((request) => request.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('invites follow-ups in the thread, and /ask there uses the earlier question too', async () => {
    openai = await startFakeOpenAiServer();
    openai.respond(() => ({ content: JSON.stringify({ claims: [] }) }));
    kit = await startBotTestKit({ environment: { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'test-key' } });
    kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: `<@${kit.fake.botUser.id}> what did Kallas say about troops?`,
      mentionBot: true,
    });
    const threadRequest = await kit.fake.waitForRequest(
      (request) => request.path.endsWith('/threads') && request.status === 201,
    );
    const threadId = /\/messages\/(\d+)\/threads$/.exec(threadRequest.path)?.[1] ?? '';
    const intro = await kit.fake.waitForRequest(isPost(threadId));
    expect(intro.body.content).toContain('Ask follow-up questions here');
    expectNoPings(intro.body);

    const { token } = kit.fake.sendCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'and who decides whether to deploy them?' }],
      { ...kit.asMember(), channelId: threadId },
    );
    await kit.waitForEdit(token);
    const sent = openai.requests
      .at(-1)
      ?.body.messages.map((message) => `${message.role}: ${String(message.content)}`);
    expect(sent).toContainEqual('user: what did Kallas say about troops?');
  });

  it('answers a reply to one of its answers with that answer as context', async () => {
    openai = await startFakeOpenAiServer();
    openai.respond(() => ({ content: JSON.stringify({ claims: [] }) }));
    kit = await startBotTestKit({ environment: { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'test-key' } });
    const { token } = kit.fake.sendCommand(
      'ask',
      [{ name: 'question', type: 3, value: 'what did Kallas say about troops?' }],
      kit.asMember(),
    );
    await kit.waitForEdit(token, (request) => postedText(request.body).includes("couldn't find"));
    const answerMessage = kit.fake.originalResponse(token);
    const since = kit.fake.requests.length;
    kit.fake.sendMessage({
      author: kit.member,
      channelId: kit.guildA.channelId,
      guildId: kit.guildA.id,
      content: 'what about ammunition?',
      mentionBot: true,
      replyTo: String(answerMessage?.id),
    });
    await kit.fake.waitForRequest(isPost(kit.guildA.channelId), since);
    const sent = openai.requests
      .at(-1)
      ?.body.messages.map((message) => `${message.role}: ${String(message.content)}`);
    expect(sent).toContainEqual('user: what did Kallas say about troops?');
  });

  it('answers a direct message from the curated articles only, never from a server’s articles', async () => {
    kit = await startBotTestKit();
    const added = addArticle(
      kit.deps,
      {
        id: null,
        title: 'Harbour authority approves the new ferry terminal',
        source: 'Coastal Courier',
        url: null,
        published: '2025-09-02',
        author: null,
        lines: ['Construction of the ferry terminal will start in spring and cost 40 million euros.'],
      },
      { scope: kit.guildA.id, addedBy: kit.moderator.id },
    );
    expect(added.ok).toBe(true);
    const dmChannel = snowflake();
    kit.fake.sendMessage({
      author: kit.member,
      channelId: dmChannel,
      content: 'what did Kallas say about troops?',
    });
    const reply = await kit.fake.waitForRequest(isPost(dmChannel));
    expect(postedText(reply.body)).toContain('no single European solution');
    expect(kit.fake.requests.some((request) => request.path.endsWith('/threads'))).toBe(false);

    const since = kit.fake.requests.length;
    kit.fake.sendMessage({
      author: kit.member,
      channelId: dmChannel,
      content: 'when will construction of the ferry terminal start?',
    });
    const privately = await kit.fake.waitForRequest(isPost(dmChannel), since);
    expect(postedText(privately.body)).not.toContain('ferry terminal will start');
    expect(postedText(privately.body)).toContain("couldn't find");
  });
});
