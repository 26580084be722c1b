import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatModelError, type ChatRequest } from '../../src/llm/chat-model.js';
import { createOpenAiChatModel } from '../../src/llm/openai-chat-model.js';
import { createLogger, silentLogger, type Logger } from '../../src/logger.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../helpers/fake-openai-server.js';

const question: ChatRequest = {
  messages: [
    { role: 'system', content: 'Answer from the articles only.' },
    { role: 'user', content: 'What did the council decide about the bridge?' },
  ],
};

const answerSchema = {
  name: 'answer',
  schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] },
};

let server: FakeOpenAiServer;

beforeEach(async () => {
  server = await startFakeOpenAiServer();
});

afterEach(async () => {
  await server.close();
});

function modelFor(url: string, options: { timeoutMs?: number; apiKey?: string; logger?: Logger } = {}) {
  return createOpenAiChatModel(
    { baseURL: url, apiKey: options.apiKey, model: 'test-model', timeoutMs: options.timeoutMs ?? 10_000 },
    options.logger ?? silentLogger,
  );
}

async function failureOf(promise: Promise<unknown>): Promise<ChatModelError> {
  const error: unknown = await promise.then(
    () => new Error('expected the call to fail'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ChatModelError);
  return error as ChatModelError;
}

describe('createOpenAiChatModel', () => {
  it('returns the reply text and the usage the server reported', async () => {
    server.reply({ content: 'The council approved the bridge repairs.' });

    const result = await modelFor(server.url).complete(question);

    expect(result.text).toBe('The council approved the bridge repairs.');
    expect(result.usage).toEqual({ promptTokens: expect.any(Number) as number, completionTokens: 10 });
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.body.model).toBe('test-model');
    expect(server.requests[0]?.body.messages).toEqual(question.messages);
    expect(server.requests[0]?.body.stream).toBeFalsy();
  });

  it('reports no usage when the server gives none', async () => {
    server.reply({ content: 'An answer.', withoutUsage: true });

    const result = await modelFor(server.url).complete(question);

    expect(result).toEqual({ text: 'An answer.', usage: null });
  });

  it('streams the reply and reports the characters received so far', async () => {
    const content = 'The council approved the bridge repairs after a long debate on Tuesday.';
    server.reply({ content });
    const progress: number[] = [];

    const result = await modelFor(server.url).complete({
      ...question,
      onProgress: (count) => progress.push(count),
    });

    expect(result.text).toBe(content);
    expect(result.usage).toEqual({ promptTokens: expect.any(Number) as number, completionTokens: 18 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(content.length);
    expect(server.requests[0]?.body.stream).toBe(true);
    expect(server.requests[0]?.body.stream_options?.include_usage).toBe(true);
  });

  it('sends the API key as a bearer token and never logs it', async () => {
    server.reply({ status: 401, error: 'Incorrect API key provided: sk-secret-123' });
    const lines: string[] = [];

    const failure = await failureOf(
      modelFor(server.url, {
        apiKey: 'sk-secret-123',
        logger: createLogger('debug', { secrets: [], write: (line) => lines.push(line) }),
      }).complete(question),
    );

    expect(failure.reason).toBe('refused');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-secret-123');
    expect(lines.join('')).toContain('test-model');
    expect(lines.join('')).not.toContain('sk-secret-123');
  });

  it('retries once after a server error and returns the second answer', async () => {
    server.reply({ status: 500 }, { content: 'Recovered answer.' });

    const result = await modelFor(server.url).complete(question);

    expect(result.text).toBe('Recovered answer.');
    expect(server.requests).toHaveLength(2);
  });

  it('fails with server-error after exactly one retry when the server keeps failing', async () => {
    server.reply({ status: 500 }, { status: 503 }, { content: 'never reached' });

    const failure = await failureOf(modelFor(server.url).complete(question));

    expect(failure.reason).toBe('server-error');
    expect(server.requests).toHaveLength(2);
  });

  it('retries after a rate limit that asks for no wait', async () => {
    server.reply({ status: 429, retryAfterSeconds: 0 }, { content: 'After the rate limit.' });

    const result = await modelFor(server.url).complete(question);

    expect(result.text).toBe('After the rate limit.');
    expect(server.requests).toHaveLength(2);
  });

  it('fails with rate-limited when the rate limit persists', async () => {
    server.reply({ status: 429, retryAfterSeconds: 0 }, { status: 429, retryAfterSeconds: 0 });

    const failure = await failureOf(modelFor(server.url).complete(question));

    expect(failure.reason).toBe('rate-limited');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up with timeout when the server never answers', async () => {
    server.respond(() => ({ hang: true }));

    const failure = await failureOf(modelFor(server.url, { timeoutMs: 300 }).complete(question));

    expect(failure.reason).toBe('timeout');
  });

  it('gives up with timeout when a streamed reply never arrives', async () => {
    server.respond(() => ({ hang: true }));

    const failure = await failureOf(
      modelFor(server.url, { timeoutMs: 300 }).complete({ ...question, onProgress: () => {} }),
    );

    expect(failure.reason).toBe('timeout');
  });

  it('asks for the JSON schema when the request carries one', async () => {
    server.reply({ content: '{"answer":"yes"}' });

    await modelFor(server.url).complete({ ...question, jsonSchema: answerSchema });

    expect(server.requests[0]?.body.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', schema: answerSchema.schema, strict: false },
    });
  });

  it('falls back to JSON mode when json_schema is rejected and goes straight to it next time', async () => {
    server.reply(
      { rejectResponseFormat: true },
      { content: '{"answer":"first"}' },
      { content: '{"answer":"second"}' },
    );
    const model = modelFor(server.url);

    const first = await model.complete({ ...question, jsonSchema: answerSchema });
    const second = await model.complete({ ...question, jsonSchema: answerSchema });

    expect([first.text, second.text]).toEqual(['{"answer":"first"}', '{"answer":"second"}']);
    expect(server.requests.map((request) => request.body.response_format?.type)).toEqual([
      'json_schema',
      'json_object',
      'json_object',
    ]);
  });

  it('drops the response format entirely when JSON mode is rejected too', async () => {
    server.reply(
      { rejectResponseFormat: true },
      { rejectResponseFormat: true },
      { content: '{"answer":"plain"}' },
      { content: '{"answer":"again"}' },
    );
    const model = modelFor(server.url);

    const first = await model.complete({ ...question, jsonSchema: answerSchema });
    const second = await model.complete({ ...question, jsonSchema: answerSchema });

    expect([first.text, second.text]).toEqual(['{"answer":"plain"}', '{"answer":"again"}']);
    expect(server.requests.map((request) => request.body.response_format?.type ?? 'none')).toEqual([
      'json_schema',
      'json_object',
      'none',
      'none',
    ]);
  });

  it('treats an unrelated bad request as refused without falling back', async () => {
    server.reply({ status: 400, error: 'maximum context length exceeded' }, { content: 'never reached' });

    const failure = await failureOf(modelFor(server.url).complete({ ...question, jsonSchema: answerSchema }));

    expect(failure.reason).toBe('refused');
    expect(server.requests).toHaveLength(1);
  });

  it('fails with refused when the key is not accepted', async () => {
    server.reply({ status: 401, error: 'invalid api key' });

    const failure = await failureOf(modelFor(server.url).complete(question));

    expect(failure.reason).toBe('refused');
    expect(failure.cause).toBeInstanceOf(Error);
    expect(server.requests).toHaveLength(1);
  });

  it('fails with connection when nothing listens at the address', async () => {
    const url = server.url;
    await server.close();

    const failure = await failureOf(modelFor(url).complete(question));

    expect(failure.reason).toBe('connection');
  });

  it('fails with bad-response when the body is not JSON', async () => {
    server.reply({ malformed: true });

    const failure = await failureOf(modelFor(server.url).complete(question));

    expect(failure.reason).toBe('bad-response');
  });

  it('fails with bad-response when a streamed chunk is not JSON', async () => {
    server.reply({ malformed: true });

    const failure = await failureOf(modelFor(server.url).complete({ ...question, onProgress: () => {} }));

    expect(failure.reason).toBe('bad-response');
  });

  it('fails with bad-response when the reply is empty', async () => {
    server.reply({ content: '' });

    const failure = await failureOf(modelFor(server.url).complete(question));

    expect(failure.reason).toBe('bad-response');
  });

  it('lists a model at GET /v1/models', async () => {
    const response = await fetch(`${server.url}/models`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ object: 'list', data: [{ id: 'fake-model' }] });
  });
});

describe('startFakeOpenAiServer', () => {
  it('ends a hanging request when closed', async () => {
    server.reply({ hang: true });
    const pending = fetch(`${server.url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'test-model', messages: [{ role: 'user', content: 'hello' }] }),
    }).then(
      () => 'answered',
      () => 'ended',
    );
    await expect.poll(() => server.requests.length).toBe(1);

    await server.close();

    expect(await pending).toBe('ended');
  });
});
