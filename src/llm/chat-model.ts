/** One message of a chat conversation. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What the answering core asks of a language model. */
export interface ChatRequest {
  messages: ChatMessage[];
  /** A JSON schema the reply must follow; adapters fall back to plain JSON mode where a server lacks support. */
  jsonSchema?: { name: string; schema: Record<string, unknown> };
  /** Called with the text received so far while the reply streams, for progress displays. */
  onProgress?: (receivedCharacters: number) => void;
  signal?: AbortSignal;
}

/** A model's reply: its raw text and the token usage the API reported, if any. */
export interface ChatResult {
  text: string;
  usage: { promptTokens: number; completionTokens: number } | null;
}

/** A language model behind an OpenAI-compatible API (or a test double); passed in, never imported as a global. */
export interface ChatModel {
  readonly name: string;
  complete(request: ChatRequest): Promise<ChatResult>;
}

/** Reasons a chat call can fail, each turned into words by the caller. */
export type ChatFailureReason =
  'timeout' | 'rate-limited' | 'server-error' | 'refused' | 'connection' | 'bad-response';

/** Thrown by a ChatModel when the model could not give a reply. */
export class ChatModelError extends Error {
  override name = 'ChatModelError';
  constructor(
    readonly reason: ChatFailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
