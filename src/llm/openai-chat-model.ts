import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ChatCompletionCreateParamsBase } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import {
  ChatModelError,
  type ChatFailureReason,
  type ChatModel,
  type ChatRequest,
  type ChatResult,
} from './chat-model.js';

/** Where and how to reach an OpenAI-compatible chat completions API (OpenAI, Ollama, vLLM, llama.cpp, ...). */
export interface OpenAiChatModelSettings {
  /** Base URL ending in `/v1`; undefined means the SDK default (`OPENAI_BASE_URL` or api.openai.com). */
  baseURL: string | undefined;
  /** API key; undefined for local servers that need none. */
  apiKey: string | undefined;
  model: string;
  /** Deadline for a whole `complete` call, its retry and response-format fallbacks included. */
  timeoutMs: number;
}

/** How strongly a server lets us ask for JSON, strongest first; older llama.cpp and Ollama lack the first or both. */
type FormatLevel = 'json-schema' | 'json-object' | 'none';

const weakerLevel: Record<FormatLevel, FormatLevel | null> = {
  'json-schema': 'json-object',
  'json-object': 'none',
  none: null,
};

const UsageSchema = z.object({ prompt_tokens: z.number(), completion_tokens: z.number() });

const CompletionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullish() }) })),
  usage: UsageSchema.nullish(),
});

const ChunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).nullish() })).nullish(),
  usage: UsageSchema.nullish(),
});

function toUsage(usage: z.infer<typeof UsageSchema> | null | undefined): ChatResult['usage'] {
  return usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null;
}

function responseFormat(
  request: ChatRequest,
  level: FormatLevel,
): Pick<ChatCompletionCreateParamsBase, 'response_format'> {
  if (!request.jsonSchema || level === 'none') return {};
  if (level === 'json-object') return { response_format: { type: 'json_object' } };
  const { name, schema } = request.jsonSchema;
  return { response_format: { type: 'json_schema', json_schema: { name, schema, strict: false } } };
}

function isFormatRejection(error: unknown): boolean {
  return (
    error instanceof APIError &&
    (error.status === 400 || error.status === 422) &&
    /response_format|json_schema|json_object|not supported|unsupported/i.test(error.message)
  );
}

/** Rejects as soon as `signal` aborts, because the SDK's back-off sleep before a retry does not listen to it. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  work.catch(() => {});
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new APIUserAbortError());
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function toChatModelError(error: unknown, timeoutMs: number): ChatModelError {
  if (error instanceof ChatModelError) return error;
  const failure = (reason: ChatFailureReason, message: string) =>
    new ChatModelError(reason, message, { cause: error });
  if (error instanceof APIUserAbortError || error instanceof APIConnectionTimeoutError) {
    return failure('timeout', `The language model did not answer within ${timeoutMs} ms.`);
  }
  if (error instanceof APIConnectionError) {
    return failure('connection', 'The language model server could not be reached.');
  }
  if (error instanceof APIError) {
    const status: unknown = error.status;
    if (status === 429) {
      return failure('rate-limited', 'The language model server is rate limiting requests (HTTP 429).');
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return failure('refused', `The language model server refused the request (HTTP ${status}).`);
    }
    return failure(
      'server-error',
      typeof status === 'number'
        ? `The language model server failed (HTTP ${status}).`
        : 'The language model server reported an error.',
    );
  }
  return failure('bad-response', 'The language model server sent a reply that could not be read.');
}

/**
 * Creates a ChatModel over the `openai` SDK for any OpenAI-compatible server: one retry on 429/5xx/connection
 * errors, one overall deadline, streaming when progress is wanted, and JSON-mode fallbacks for servers that lack
 * `json_schema` support (remembered for the instance's later calls).
 */
export function createOpenAiChatModel(settings: OpenAiChatModelSettings, logger: Logger): ChatModel {
  const client = new OpenAI({
    baseURL: settings.baseURL,
    apiKey: settings.apiKey ?? 'not-needed',
    timeout: settings.timeoutMs,
    maxRetries: 1,
    logLevel: 'off',
  });
  let formatLevel: FormatLevel = 'json-schema';

  const attempt = async (
    request: ChatRequest,
    level: FormatLevel,
    signal: AbortSignal,
  ): Promise<ChatResult> => {
    const base = { model: settings.model, messages: request.messages, ...responseFormat(request, level) };
    const { onProgress } = request;
    if (!onProgress) {
      const completion = CompletionSchema.safeParse(await client.chat.completions.create(base, { signal }));
      if (!completion.success) {
        throw new ChatModelError('bad-response', 'The language model reply had no choices.');
      }
      const text = completion.data.choices[0]?.message.content ?? '';
      if (text === '') throw new ChatModelError('bad-response', 'The language model reply was empty.');
      return { text, usage: toUsage(completion.data.usage) };
    }
    const stream = await client.chat.completions.create(
      { ...base, stream: true, stream_options: { include_usage: true } },
      { signal },
    );
    let text = '';
    let usage: ChatResult['usage'] = null;
    for await (const rawChunk of stream) {
      const chunk = ChunkSchema.safeParse(rawChunk);
      if (!chunk.success) {
        throw new ChatModelError('bad-response', 'The language model sent an unreadable chunk.');
      }
      if (chunk.data.usage) usage = toUsage(chunk.data.usage);
      const piece = chunk.data.choices?.[0]?.delta?.content ?? '';
      if (piece === '') continue;
      text += piece;
      try {
        onProgress(text.length);
      } catch (error) {
        // A failing progress display must not cost the answer.
        logger.debug('LLM progress callback failed', { model: settings.model, error });
      }
    }
    // The SDK ends an aborted stream quietly instead of throwing.
    if (signal.aborted) throw new APIUserAbortError();
    if (text === '') throw new ChatModelError('bad-response', 'The language model reply was empty.');
    return { text, usage };
  };

  const complete = async (request: ChatRequest, signal: AbortSignal): Promise<ChatResult> => {
    for (;;) {
      const level = formatLevel;
      try {
        return await untilAborted(attempt(request, level, signal), signal);
      } catch (error) {
        const weaker = weakerLevel[level];
        if (!request.jsonSchema || weaker === null || !isFormatRejection(error)) throw error;
        logger.info('LLM server rejected the response format; falling back', {
          model: settings.model,
          from: level,
          to: weaker,
        });
        if (formatLevel === level) formatLevel = weaker;
      }
    }
  };

  return {
    name: settings.model,
    async complete(request) {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), settings.timeoutMs);
      const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
      try {
        return await complete(request, signal);
      } catch (error) {
        // Once the deadline or the caller has aborted, whatever the SDK threw is a consequence of that.
        const failure = !signal.aborted
          ? toChatModelError(error, settings.timeoutMs)
          : new ChatModelError(
              'timeout',
              request.signal?.aborted
                ? 'The language model call was cancelled.'
                : `The language model did not answer within ${settings.timeoutMs} ms.`,
              { cause: error },
            );
        logger.warn('LLM call failed', { model: settings.model, reason: failure.reason });
        throw failure;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
