import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * One scripted answer of the fake server to a chat completion request.
 *
 * - `{ content }`: a normal assistant reply (plain JSON, or SSE chunks when the request streams) with usage
 *   figures (prompt tokens roughly a quarter of the prompt's characters); `withoutUsage` leaves usage out.
 * - `{ status, error?, retryAfterSeconds? }`: an HTTP error with an OpenAI-style `{ error: { message } }` body
 *   and, if given, a `retry-after` header.
 * - `{ hang: true }`: never answers; `close()` ends the request.
 * - `{ rejectResponseFormat: true }`: a 400 saying "response_format json_schema is not supported" when the
 *   request carries a `response_format`; otherwise the request is answered by the next queued reply (or the handler).
 * - `{ malformed: true }`: a 200 whose body is not JSON (or, when streaming, an SSE event whose data is not JSON).
 */
export type FakeReply =
  | { content: string; withoutUsage?: true }
  | { status: number; error?: string; retryAfterSeconds?: number }
  | { hang: true }
  | { rejectResponseFormat: true }
  | { malformed: true };

const ChatBodySchema = z.looseObject({
  model: z.string().optional(),
  messages: z.array(z.looseObject({ role: z.string(), content: z.unknown() })).default([]),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  response_format: z.looseObject({ type: z.string() }).nullish(),
});

/** The parsed JSON body of a chat completion request, as the fake server received it. */
export type FakeChatBody = z.infer<typeof ChatBodySchema>;

/** A chat completion request the fake server received. */
export interface FakeChatRequest {
  body: FakeChatBody;
  headers: IncomingHttpHeaders;
}

/** A loopback OpenAI-compatible server for tests; see {@link startFakeOpenAiServer}. */
export interface FakeOpenAiServer {
  /** Base URL ending in `/v1`, ready for `new OpenAI({ baseURL })` or `OPENAI_BASE_URL`. */
  readonly url: string;
  /** Every `POST /v1/chat/completions` received, in order (retries included; `GET /v1/models` is not recorded). */
  readonly requests: FakeChatRequest[];
  /** Queues replies; each chat completion request takes the next one, and the handler answers once the queue is empty. */
  reply(...replies: FakeReply[]): void;
  /** Sets the handler that answers requests when no queued reply is left (by default: a 500 "no reply scripted"). */
  respond(handler: (body: FakeChatBody) => FakeReply): void;
  /** Ends every open (also hanging) request and stops the server. */
  close(): Promise<void>;
}

const notScripted: FakeReply = {
  status: 500,
  error: 'fake OpenAI server: no reply scripted for this request',
};

function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

function promptText(body: FakeChatBody): string {
  return body.messages
    .map((message) => (typeof message.content === 'string' ? message.content : ''))
    .join('\n');
}

function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(value));
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  sendJson(
    response,
    status,
    { error: { message, type: 'invalid_request_error', param: null, code: null } },
    headers,
  );
}

function sendContent(
  response: ServerResponse,
  body: FakeChatBody,
  reply: { content: string; withoutUsage?: true },
) {
  const id = `chatcmpl-fake-${Date.now().toString(36)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = body.model ?? 'fake-model';
  const usage = {
    prompt_tokens: roughTokens(promptText(body)),
    completion_tokens: roughTokens(reply.content),
    total_tokens: roughTokens(promptText(body)) + roughTokens(reply.content),
  };
  if (body.stream !== true) {
    sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: reply.content, refusal: null },
          finish_reason: 'stop',
          logprobs: null,
        },
      ],
      ...(reply.withoutUsage ? {} : { usage }),
    });
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra })}\n\n`;
  response.write(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
  for (let start = 0; start < reply.content.length; start += 8) {
    const piece = reply.content.slice(start, start + 8);
    response.write(chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]));
  }
  response.write(chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]));
  if (body.stream_options?.include_usage === true && !reply.withoutUsage)
    response.write(chunk([], { usage }));
  response.end('data: [DONE]\n\n');
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * Starts a real HTTP server on 127.0.0.1 (random port) that speaks the OpenAI chat completions API
 * (`POST /v1/chat/completions`, plain or SSE streaming, and `GET /v1/models`), answering with scripted replies.
 */
export async function startFakeOpenAiServer(): Promise<FakeOpenAiServer> {
  const queue: FakeReply[] = [];
  const requests: FakeChatRequest[] = [];
  let handler: (body: FakeChatBody) => FakeReply = () => notScripted;

  const nextReply = (body: FakeChatBody): FakeReply => queue.shift() ?? handler(body);

  const answer = (response: ServerResponse, body: FakeChatBody, reply: FakeReply): void => {
    if ('hang' in reply) return;
    if ('rejectResponseFormat' in reply) {
      if (body.response_format) {
        sendError(response, 400, 'response_format json_schema is not supported');
        return;
      }
      const queued = queue.shift();
      if (queued) {
        answer(response, body, queued);
        return;
      }
      // A handler that keeps answering "reject" to a request without response_format would loop forever.
      const fromHandler = handler(body);
      answer(response, body, 'rejectResponseFormat' in fromHandler ? notScripted : fromHandler);
      return;
    }
    if ('malformed' in reply) {
      if (body.stream === true) {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        response.end('data: {"choices": [ this is not json\n\ndata: [DONE]\n\n');
      } else {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('<html>this is not json</html>');
      }
      return;
    }
    if ('status' in reply) {
      const headers: Record<string, string> =
        reply.retryAfterSeconds === undefined ? {} : { 'retry-after': String(reply.retryAfterSeconds) };
      sendError(response, reply.status, reply.error ?? `fake error ${reply.status}`, headers);
      return;
    }
    sendContent(response, body, reply);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'GET' && path === '/v1/models') {
        sendJson(response, 200, {
          object: 'list',
          data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'newsdesk-tests' }],
        });
        return;
      }
      if (request.method !== 'POST' || path !== '/v1/chat/completions') {
        sendError(response, 404, `fake OpenAI server: no route ${request.method ?? ''} ${path ?? ''}`);
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(await readBody(request));
      } catch {
        sendError(response, 400, 'fake OpenAI server: request body is not JSON');
        return;
      }
      const parsed = ChatBodySchema.safeParse(json);
      if (!parsed.success) {
        sendError(response, 400, `fake OpenAI server: bad request body: ${parsed.error.message}`);
        return;
      }
      requests.push({ body: parsed.data, headers: request.headers });
      answer(response, parsed.data, nextReply(parsed.data));
    })().catch(() => {
      if (!response.headersSent) sendError(response, 500, 'fake OpenAI server: internal failure');
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    reply: (...replies) => {
      queue.push(...replies);
    },
    respond: (next) => {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
