import { afterEach, describe, expect, it } from 'vitest';
import type { ChatModel, ChatRequest } from '../../src/llm/chat-model.js';
import { discordLimits } from '../../src/discord/discord-limits.js';
import { fixedClock } from '../helpers/create-test-app.js';
import type { RecordedBody, RecordedRequest } from '../helpers/fake-discord.js';
import {
  startFakeOpenAiServer,
  type FakeChatBody,
  type FakeOpenAiServer,
} from '../helpers/fake-openai-server.js';
import { postedText, startBotTestKit, type BotTestKit } from './bot-test-kit.js';

let kit: BotTestKit | undefined;
let openai: FakeOpenAiServer | undefined;
afterEach(async () => {
  await kit?.close();
  await openai?.close();
  kit = undefined;
  openai = undefined;
});

const ephemeral = 64;
const troops = { name: 'question', type: 3, value: 'what did Kallas say about troops?' };

/** Passages the model was given, by number, read from the prompt. */
function passagesIn(messages: readonly { content: unknown }[]): Map<number, string> {
  const prompt = messages.map((message) => String(message.content)).join('\n');
  const passages = new Map<number, string>();
  for (const match of prompt.matchAll(/<passage id="(\d+)"[^>]*>\n([\s\S]*?)\n<\/passage>/g)) {
    passages.set(Number(match[1]), match[2] ?? '');
  }
  return passages;
}

/** A model reply of `claims` grounded claims, each quoting words of one of the passages it was given. */
function claimReply(passages: Map<number, string>, claims: number, filler = ''): string {
  const numbers = [...passages.keys()];
  return JSON.stringify({
    claims: Array.from({ length: claims }, (_, index) => {
      const n = numbers[index % numbers.length] ?? 1;
      // Later claims on the same passage quote later words of it, so every claim has its own source.
      const offset = Math.floor(index / numbers.length) * 4;
      const quote = (passages.get(n) ?? '')
        .split(' ')
        .slice(offset, offset + 6)
        .join(' ');
      return {
        text: `Claim ${index + 1}: the ministers met in Copenhagen.${filler}`,
        passages: [n],
        quotes: [quote],
      };
    }),
  });
}

/** The claims of a posted answer's text: each ends with the bot's bold markers. */
function claimsIn(content: string): string[] {
  return content.split(/(?<=(?:\*\*\[\d+\]\*\*)+)\s+(?=\S)/);
}

function embedTotal(body: RecordedBody): number {
  return (body.embeds ?? []).reduce(
    (sum, embed) =>
      sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0),
    0,
  );
}

function answerMessages(kit: BotTestKit, token: string): RecordedRequest[] {
  return kit.fake.requests.filter(
    (request) =>
      request.status === 200 &&
      ((request.method === 'PATCH' && request.path.endsWith(`/${token}/messages/@original`)) ||
        (request.method === 'POST' && request.path.endsWith(`/${token}`))),
  );
}

describe('long answers', () => {
  it('splits a long answer at claim boundaries, keeps every message within limits, and lists all sources on request', async () => {
    openai = await startFakeOpenAiServer();
    const filler = ' They talked about missions, training, industry and air defence for a long while.'.repeat(
      11,
    );
    openai.respond((body: FakeChatBody) => ({ content: claimReply(passagesIn(body.messages), 8, filler) }));
    kit = await startBotTestKit({ environment: { OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'test-key' } });
    const { token } = kit.fake.sendCommand('ask', [troops], kit.asMember());
    const withButtons = await kit.fake.waitForRequest(
      (request) =>
        request.method === 'POST' &&
        request.path.endsWith(`/${token}`) &&
        (request.body.components?.length ?? 0) > 0,
    );
    const messages = answerMessages(kit, token).map((request) => request.body);
    expect(messages.length).toBeGreaterThan(1);
    for (const body of messages) {
      expect(body.content?.length ?? 0).toBeLessThanOrEqual(discordLimits.content);
      for (const embed of body.embeds ?? []) {
        expect(embed.description?.length ?? 0).toBeLessThanOrEqual(discordLimits.embedDescription);
      }
      expect(embedTotal(body)).toBeLessThanOrEqual(discordLimits.embedTotal);
      for (const claim of claimsIn(body.content ?? ''))
        expect(claim).toMatch(/^Claim \d+: .*(\*\*\[\d+\]\*\*)+$/s);
    }
    const claims = messages.flatMap((body) =>
      claimsIn(body.content ?? '').map((claim) => /^Claim (\d+)/.exec(claim)?.[1]),
    );
    expect(claims).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);

    const last = messages.at(-1) ?? {};
    const sourcesButton = last.components?.[0]?.components.find((button) =>
      button.custom_id?.startsWith('ask:sources:'),
    );
    expect(sourcesButton?.label).toMatch(/^Show all \d+ sources$/);
    const total = Number(/Show all (\d+)/.exec(sourcesButton?.label ?? '')?.[1]);
    const press = kit.fake.pressButton(
      sourcesButton?.custom_id ?? '',
      withButtons.response ?? {},
      kit.asMember(),
    );
    const reply = await kit.fake.waitForRequest(
      (request) => request.path === `/interactions/${press.id}/${press.token}/callback`,
    );
    expect(reply.body.data?.flags).toBe(ephemeral);
    const listed = (reply.body.data?.embeds?.[0]?.description ?? '').match(/\*\*\[\d+\]\*\*/g) ?? [];
    expect(listed).toHaveLength(total);
  });
});

describe('feedback', () => {
  it('stores one vote per user per answer; a second press changes it', async () => {
    kit = await startBotTestKit();
    const { token } = kit.fake.sendCommand('ask', [troops], kit.asMember());
    const edit = await kit.waitForEdit(token);
    const [up, down] = edit.body.components?.[0]?.components.map((button) => button.custom_id ?? '') ?? [];
    const message = kit.fake.originalResponse(token) ?? {};
    const answerId = Number(/^ask:vote:(\d+):up:/.exec(up ?? '')?.[1]);

    const press = async (customId: string, context: ReturnType<BotTestKit['asMember']>): Promise<string> => {
      const interaction = kit?.fake.pressButton(customId, message, context);
      const reply = await kit?.fake.waitForRequest(
        (request) => request.path === `/interactions/${interaction?.id}/${interaction?.token}/callback`,
      );
      expect(reply?.body.data?.flags).toBe(ephemeral);
      return reply?.body.data?.content ?? '';
    };
    expect(await press(up ?? '', kit.asMember())).toContain('is recorded');
    expect(await press(up ?? '', kit.asMember())).toContain('already');
    expect(await press(down ?? '', kit.asMember())).toContain('Changed your vote');
    expect(await press(up ?? '', kit.asModerator())).toContain('is recorded');

    const votes = kit.app.db
      .prepare('SELECT user_id, vote FROM feedback WHERE answer = ? ORDER BY vote')
      .all(answerId);
    expect(votes).toEqual([
      { user_id: kit.member.id, vote: -1 },
      { user_id: kit.moderator.id, vote: 1 },
    ]);
    const stored = kit.app.db
      .prepare('SELECT question, answer_json FROM answers WHERE id = ?')
      .get(answerId) as {
      question: string;
      answer_json: string;
    };
    expect(stored.question).toBe('what did Kallas say about troops?');
    expect(JSON.parse(stored.answer_json)).toMatchObject({
      citations: expect.arrayContaining([expect.objectContaining({ line: 5 })]),
    });
  });
});

describe('guards', () => {
  it('refuses a question over the length cap, privately and without deferring', async () => {
    kit = await startBotTestKit({ environment: { NEWSDESK_MAX_QUESTION_CHARS: '30' } });
    const long = {
      name: 'question',
      type: 3,
      value: 'what exactly did Kallas say about sending troops to Ukraine?',
    };
    const { id, token } = kit.fake.sendCommand('ask', [long], kit.asMember());
    const reply = await kit.fake.waitForRequest(
      (request) => request.path === `/interactions/${id}/${token}/callback`,
    );
    expect(reply.body).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(reply.body.data?.content).toContain('keep it under 30 characters');
  });

  it('asks a user to wait during their cooldown, then answers again once it has passed', async () => {
    const clock = fixedClock('2025-09-01T12:00:00Z');
    kit = await startBotTestKit({ environment: { NEWSDESK_COOLDOWN_SECONDS: '30' }, overrides: { clock } });
    const first = kit.fake.sendCommand('ask', [troops], kit.asMember());
    await kit.waitForEdit(first.token);

    clock.set('2025-09-01T12:00:10Z');
    const second = kit.fake.sendCommand('ask', [troops], kit.asMember());
    const refusal = await kit.fake.waitForRequest(
      (request) => request.path === `/interactions/${second.id}/${second.token}/callback`,
    );
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: ephemeral } });
    expect(refusal.body.data?.content).toContain('wait 20 seconds');

    const other = kit.fake.sendCommand('ask', [troops], kit.asModerator());
    expect(postedText((await kit.waitForEdit(other.token)).body)).toContain('line 5');

    clock.set('2025-09-01T12:00:31Z');
    const third = kit.fake.sendCommand('ask', [troops], kit.asMember());
    expect(postedText((await kit.waitForEdit(third.token)).body)).toContain('line 5');
  });

  it('answers from the articles directly, with a note, once the server’s hourly LLM budget is spent', async () => {
    openai = await startFakeOpenAiServer();
    openai.respond((body: FakeChatBody) => ({ content: claimReply(passagesIn(body.messages), 1) }));
    const clock = fixedClock('2025-09-01T12:00:00Z');
    kit = await startBotTestKit({
      environment: {
        OPENAI_BASE_URL: openai.url,
        OPENAI_API_KEY: 'test-key',
        NEWSDESK_LLM_BUDGET_PER_HOUR: '1',
      },
      overrides: { clock },
    });
    const ask = async (): Promise<string> => {
      const { token } = kit?.fake.sendCommand('ask', [troops], kit.asMember()) ?? { token: '' };
      return postedText((await kit?.waitForEdit(token))?.body);
    };
    expect(await ask()).toContain('Written by a language model');
    expect(openai.requests).toHaveLength(1);

    const spent = await ask();
    expect(spent).toContain("used this hour's allowance of language-model answers");
    expect(spent).toContain('no single European solution');
    expect(openai.requests).toHaveLength(1);

    clock.set('2025-09-01T13:00:01Z');
    expect(await ask()).toContain('Written by a language model');
    expect(openai.requests).toHaveLength(2);
  });
});

describe('progress', () => {
  it('shows progress while the language model works, then replaces it with the answer', async () => {
    let releaseModel = (): void => {};
    const modelMayAnswer = new Promise<void>((resolve) => (releaseModel = resolve));
    const gated: ChatModel = {
      name: 'gated',
      async complete(request: ChatRequest) {
        await modelMayAnswer;
        return { text: claimReply(passagesIn(request.messages), 1), usage: null };
      },
    };
    kit = await startBotTestKit({ overrides: { chatModel: gated } });
    const { token } = kit.fake.sendCommand('ask', [troops], kit.asMember());
    const progress = await kit.waitForEdit(token, (request) =>
      (request.body.content ?? '').includes('Asking the language model'),
    );
    releaseModel();
    const answer = await kit.waitForEdit(token, (request) => (request.body.embeds?.length ?? 0) > 0);
    expect(answer.index).toBeGreaterThan(progress.index);
    const edits = kit.fake.requests.filter(
      (request) => request.method === 'PATCH' && request.path.endsWith(`/${token}/messages/@original`),
    );
    expect(edits.at(-1)).toBe(answer);
    expect(postedText(answer.body)).toContain('Written by a language model');
  });
});
