import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket } from 'ws';

/** One REST request the bot made, as the fake received it (path without the `/api/v10` prefix, URL-decoded). */
export interface RecordedRequest {
  index: number;
  method: string;
  path: string;
  query: URLSearchParams;
  /** The JSON body (typed loosely with the fields tests read), the raw text of any other body, or null. */
  body: RecordedBody;
  /** The HTTP status the fake answered with. */
  status: number;
  /** The JSON object the fake answered with (a posted message, for example), if any. */
  response: Record<string, unknown> | null;
}

/** The fields of a request body the bot sent that tests look at: messages, interaction callbacks, threads. */
export interface RecordedBody {
  type?: number;
  content?: string;
  flags?: number;
  name?: string;
  title?: string;
  custom_id?: string;
  embeds?: { title?: string; description?: string; url?: string; footer?: { text: string } }[];
  components?: {
    type: number;
    components: { type: number; custom_id?: string; label?: string; value?: string; disabled?: boolean }[];
  }[];
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  message_reference?: { message_id: string };
  nonce?: string;
  enforce_nonce?: boolean;
  choices?: { name: string; value: string }[];
  data?: RecordedBody;
  /** A forum post's first message. */
  message?: RecordedBody;
}

/** A user the tests act as. */
export interface FakeUser {
  id: string;
  username: string;
}

/** A guild the bot is in, with its channels (text unless `type` says otherwise, e.g. 15 for a forum) and roles. */
export interface FakeGuild {
  id: string;
  name: string;
  channels: { id: string; name: string; type?: number }[];
  roles?: { id: string; name: string }[];
}

/** A canned answer the fake gives instead of handling a request. */
export interface FakeFault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Carry the request out first, then answer with the fault: a response lost after Discord acted. */
  afterHandling?: boolean;
}

type Matcher = (request: { method: string; path: string; body: RecordedBody }) => boolean;

interface Session {
  id: string;
  seq: number;
  frames: { op: number; t: string; s: number; d: unknown }[];
  socket: WebSocket | null;
}

interface InteractionRecord {
  applicationId: string;
  channelId: string;
  originalId: string;
  original: Record<string, unknown> | null;
}

/** Options for a slash command, component or modal interaction the tests send. */
export interface InteractionOptions {
  user: FakeUser;
  guildId?: string | null;
  channelId: string;
  /** Permission bit field as a decimal string (`'32'` is Manage Server). */
  permissions?: string;
  roles?: string[];
}

/** Discord's permission bit for Manage Server, as the decimal string interactions carry. */
export const manageGuildPermission = '32';

const discordEpoch = 1_420_070_400_000n;
let snowflakeCounter = 0n;

/** A new unique snowflake id (17 to 19 digits). */
export function snowflake(): string {
  snowflakeCounter = (snowflakeCounter + 1n) % 4096n;
  return (((BigInt(Date.now()) - discordEpoch) << 22n) | snowflakeCounter).toString();
}

function userPayload(user: FakeUser, bot = false): Record<string, unknown> {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot };
}

/**
 * A loopback fake of Discord's REST API and JSON gateway, good enough for the real discord.js client: login,
 * ready, interactions, messages, threads, session resume, and injected faults (429, 5xx, held requests).
 */
export class FakeDiscord {
  readonly token = 'fake-bot-token';
  readonly botUser: FakeUser = { id: snowflake(), username: 'newsdesk' };
  readonly requests: RecordedRequest[] = [];
  /** Gateway opcodes the client sent, in order (2 Identify, 6 Resume). */
  readonly gatewayOps: number[] = [];
  readonly attachments = new Map<string, Buffer>();
  private readonly events = new EventEmitter();
  private readonly faults: { match: Matcher; fault: FakeFault; remaining: number; until: number }[] = [];
  private readonly holds: { match: Matcher; released: Promise<void>; arrive: () => void }[] = [];
  private readonly sessions = new Map<string, Session>();
  private readonly interactions = new Map<string, InteractionRecord>();
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly commands = new Map<string, Record<string, unknown>[]>();
  private readonly sockets = new Set<WebSocket>();
  private current: Session | null = null;
  private port = 0;

  private constructor(
    readonly guilds: FakeGuild[],
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
  ) {
    this.events.setMaxListeners(100);
  }

  /** Starts the fake on a random loopback port. */
  static async start(guilds: FakeGuild[]): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server });
    const fake = new FakeDiscord(guilds, server, gateway);
    server.on('request', (request, response) => void fake.handleHttp(request, response));
    gateway.on('connection', (socket) => fake.handleSocket(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** The base URL to give discord.js as `rest.api`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The application id (the same as the bot user's id, as on Discord). */
  get applicationId(): string {
    return this.botUser.id;
  }

  /** Answers the next `times` requests that match with `fault` instead of handling them. */
  failNext(match: Matcher, fault: FakeFault, times = 1): void {
    this.faults.push({ match, fault, remaining: times, until: Number.POSITIVE_INFINITY });
  }

  /** Answers every matching request with `fault` for the next `ms` milliseconds (an outage), `pick` choosing per request. */
  failFor(match: Matcher, ms: number, pick: (attempt: number) => FakeFault): void {
    let attempt = 0;
    const entry = { match, fault: pick(0), remaining: Number.POSITIVE_INFINITY, until: Date.now() + ms };
    const original = entry.match;
    entry.match = (request) => {
      if (!original(request)) return false;
      entry.fault = pick(attempt++);
      return true;
    };
    this.faults.push(entry);
  }

  /**
   * Holds the next matching request until `release` is called; `reached` resolves once such a request has arrived
   * and is being held.
   */
  holdNext(match: Matcher): { release: () => void; reached: Promise<void> } {
    let release = (): void => {};
    let arrive = (): void => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const reached = new Promise<void>((resolve) => (arrive = resolve));
    this.holds.push({ match, released, arrive });
    return { release, reached };
  }

  /** Resolves with the first recorded request from index `since` on that matches, waiting for it if needed. */
  async waitForRequest(
    match: (request: RecordedRequest) => boolean,
    since = 0,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    const found = this.requests.slice(since).find(match);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.events.off('request', listener);
        reject(new Error(`No matching request within ${timeoutMs} ms; saw ${this.describeRequests(since)}`));
      }, timeoutMs);
      const listener = (request: RecordedRequest): void => {
        if (!match(request)) return;
        clearTimeout(timer);
        this.events.off('request', listener);
        resolve(request);
      };
      this.events.on('request', listener);
    });
  }

  /** Resolves when the client has sent gateway opcode `op` (from position `since` in `gatewayOps`). */
  async waitForGatewayOp(op: number, since = 0, timeoutMs = 10_000): Promise<void> {
    if (this.gatewayOps.slice(since).includes(op)) return;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`No gateway op ${op} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const listener = (received: number): void => {
        if (received !== op) return;
        clearTimeout(timer);
        this.events.off('op', listener);
        resolve();
      };
      this.events.on('op', listener);
    });
  }

  /** A one-line summary of requests from `since` on, for failure messages. */
  describeRequests(since = 0): string {
    return this.requests
      .slice(since)
      .map((request) => `${request.method} ${request.path} ${request.status}`)
      .join(', ');
  }

  /** Drops the gateway connection without a close frame, as a network failure would. */
  dropGateway(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Sends a dispatch event on the current session (queued for replay while the client is away). */
  dispatch(type: string, data: unknown): void {
    const session = this.current;
    if (!session) throw new Error('No gateway session yet');
    session.seq += 1;
    const frame = { op: 0, t: type, s: session.seq, d: data };
    session.frames.push(frame);
    if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(JSON.stringify(frame));
  }

  /** Sends a slash command; `options` are the raw option objects Discord would send. */
  sendCommand(
    name: string,
    options: unknown[],
    context: InteractionOptions & { resolved?: unknown; subcommand?: string },
  ): { id: string; token: string } {
    const data: Record<string, unknown> = { id: snowflake(), name, type: 1 };
    data.options = context.subcommand ? [{ name: context.subcommand, type: 1, options }] : options;
    if (context.resolved) data.resolved = context.resolved;
    return this.sendInteraction(2, data, context);
  }

  /** Sends an autocomplete request for `name` with the given raw options (one marked `focused`). */
  sendAutocomplete(
    name: string,
    subcommand: string,
    options: unknown[],
    context: InteractionOptions,
  ): { id: string; token: string } {
    return this.sendInteraction(
      4,
      { id: snowflake(), name, type: 1, options: [{ name: subcommand, type: 1, options }] },
      context,
    );
  }

  /** Presses a button with `customId` on `message` (a message object the bot posted). */
  pressButton(
    customId: string,
    message: Record<string, unknown>,
    context: InteractionOptions,
  ): { id: string; token: string } {
    return this.sendInteraction(3, { custom_id: customId, component_type: 2 }, context, message);
  }

  /** Submits a modal with text input values keyed by custom id. */
  submitModal(
    customId: string,
    fields: Record<string, string>,
    context: InteractionOptions,
  ): { id: string; token: string } {
    const components = Object.entries(fields).map(([id, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: id, value }],
    }));
    return this.sendInteraction(5, { custom_id: customId, components }, context);
  }

  /** Posts a user message in a channel; `mentionBot` puts the bot in `mentions` as Discord does for `<@id>`. */
  sendMessage(options: {
    author: FakeUser;
    channelId: string;
    guildId?: string | null;
    content: string;
    mentionBot?: boolean;
    replyTo?: string;
  }): Record<string, unknown> {
    const message: Record<string, unknown> = {
      id: snowflake(),
      channel_id: options.channelId,
      author: userPayload(options.author),
      content: options.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: options.mentionBot ? [userPayload(this.botUser, true)] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: options.replyTo ? 19 : 0,
      flags: 0,
      components: [],
    };
    if (options.guildId) {
      message.guild_id = options.guildId;
      message.member = { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
      message.channel_type = this.threadParent.has(options.channelId) ? 11 : 0;
    } else {
      message.channel_type = 1;
    }
    if (options.replyTo) {
      const referenced = this.messages.get(options.replyTo);
      message.message_reference = {
        type: 0,
        message_id: options.replyTo,
        channel_id: options.channelId,
        ...(options.guildId ? { guild_id: options.guildId } : {}),
      };
      message.referenced_message = referenced ?? null;
    }
    this.messages.set(message.id as string, message);
    this.dispatch('MESSAGE_CREATE', message);
    return message;
  }

  /** A message the bot posted or edited, by id. */
  message(id: string): Record<string, unknown> | undefined {
    return this.messages.get(id);
  }

  /** Every message the bot has in a channel, as the fake holds them (what its users would see). */
  messagesIn(channelId: string): Record<string, unknown>[] {
    return [...this.messages.values()].filter(
      (message) =>
        message.channel_id === channelId && (message.author as { id?: string }).id === this.botUser.id,
    );
  }

  /** The current original response of an interaction. */
  originalResponse(token: string): Record<string, unknown> | null {
    return this.interactions.get(token)?.original ?? null;
  }

  /** Commands registered for a guild (or globally with `null`). */
  registeredCommands(guildId: string | null): Record<string, unknown>[] {
    return this.commands.get(guildId ?? 'global') ?? [];
  }

  /** Serves `bytes` at a loopback URL, as Discord's CDN serves an attachment; returns the attachment object. */
  addAttachment(fileName: string, bytes: Buffer, contentType = 'text/plain'): Record<string, unknown> {
    const id = snowflake();
    this.attachments.set(id, bytes);
    const url = `http://127.0.0.1:${this.port}/attachments/${id}/${encodeURIComponent(fileName)}`;
    return { id, filename: fileName, size: bytes.length, url, proxy_url: url, content_type: contentType };
  }

  /** Stops the servers and drops every connection. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly threadParent = new Map<string, string>();
  private readonly nonces = new Map<string, Record<string, unknown>>();

  private sendInteraction(
    type: number,
    data: Record<string, unknown>,
    context: InteractionOptions,
    message?: Record<string, unknown>,
  ): { id: string; token: string } {
    const id = snowflake();
    const token = `interaction-token-${id}`;
    const guildId = context.guildId ?? null;
    this.interactions.set(token, {
      applicationId: this.applicationId,
      channelId: context.channelId,
      originalId: snowflake(),
      original: null,
    });
    const payload: Record<string, unknown> = {
      id,
      application_id: this.applicationId,
      type,
      token,
      version: 1,
      data,
      channel_id: context.channelId,
      locale: 'en-US',
      app_permissions: '2251799813685247',
      entitlements: [],
      authorizing_integration_owners: guildId ? { '0': guildId } : { '1': context.user.id },
      context: guildId ? 0 : 1,
      attachment_size_limit: 10_485_760,
    };
    if (message) payload.message = message;
    if (guildId) {
      payload.guild_id = guildId;
      payload.guild_locale = 'en-US';
      payload.guild = { id: guildId, locale: 'en-US', features: [] };
      payload.channel = {
        id: context.channelId,
        type: this.threadParent.has(context.channelId) ? 11 : 0,
        guild_id: guildId,
        name: 'channel',
      };
      payload.member = {
        user: userPayload(context.user),
        roles: context.roles ?? [],
        joined_at: new Date().toISOString(),
        permissions: context.permissions ?? '0',
        deaf: false,
        mute: false,
        flags: 0,
      };
    } else {
      payload.channel = { id: context.channelId, type: 1, recipients: [userPayload(context.user)] };
      payload.user = userPayload(context.user);
    }
    this.dispatch('INTERACTION_CREATE', payload);
    return { id, token };
  }

  private handleSocket(socket: WebSocket): void {
    this.sockets.add(socket);
    let session: Session | null = null;
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (session?.socket === socket) session.socket = null;
    });
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { op: number; d: Record<string, unknown> | null };
      this.gatewayOps.push(frame.op);
      if (frame.op === 1) {
        socket.send(JSON.stringify({ op: 11 }));
      } else if (frame.op === 2) {
        if (frame.d?.token !== this.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        session = { id: `session-${snowflake()}`, seq: 0, frames: [], socket };
        this.sessions.set(session.id, session);
        this.current = session;
        this.dispatch('READY', {
          v: 10,
          user: { ...userPayload(this.botUser, true), verified: true, flags: 0, mfa_enabled: false },
          guilds: this.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
          session_id: session.id,
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: this.applicationId, flags: 0 },
          private_channels: [],
        });
        for (const guild of this.guilds) this.dispatch('GUILD_CREATE', this.guildPayload(guild));
      } else if (frame.op === 6) {
        const resumed = this.sessions.get(String(frame.d?.session_id));
        if (!resumed) {
          socket.send(JSON.stringify({ op: 9, d: false }));
          return;
        }
        session = resumed;
        resumed.socket = socket;
        this.current = resumed;
        const after = Number(frame.d?.seq ?? 0);
        for (const missed of resumed.frames.filter((item) => item.s > after))
          socket.send(JSON.stringify(missed));
        this.dispatch('RESUMED', {});
      }
      this.events.emit('op', frame.op);
    });
  }

  private guildPayload(guild: FakeGuild): Record<string, unknown> {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      owner_id: snowflake(),
      unavailable: false,
      member_count: 3,
      large: false,
      features: [],
      joined_at: new Date().toISOString(),
      channels: guild.channels.map((channel, position) => ({
        id: channel.id,
        type: channel.type ?? 0,
        name: channel.name,
        guild_id: guild.id,
        position,
        permission_overwrites: [],
      })),
      threads: [],
      roles: [
        {
          id: guild.id,
          name: '@everyone',
          permissions: '1024',
          position: 0,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: false,
        },
        ...(guild.roles ?? []).map((role, index) => ({
          id: role.id,
          name: role.name,
          permissions: '0',
          position: index + 1,
          color: 0,
          hoist: false,
          managed: false,
          mentionable: true,
        })),
      ],
      members: [],
      presences: [],
      voice_states: [],
      emojis: [],
      stickers: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    let body: unknown = null;
    if (raw !== '' && (request.headers['content-type'] ?? '').includes('application/json'))
      body = JSON.parse(raw);
    else if (raw !== '') body = raw;

    const hold = this.holds.find((item) => item.match({ method, path, body: body as RecordedBody }));
    if (hold) {
      this.holds.splice(this.holds.indexOf(hold), 1);
      hold.arrive();
      await hold.released;
    }

    const now = Date.now();
    const fault = this.faults.find(
      (item) =>
        item.remaining > 0 && now < item.until && item.match({ method, path, body: body as RecordedBody }),
    );
    let status: number;
    let payload: unknown;
    let headers: Record<string, string> = {};
    if (fault) {
      fault.remaining -= 1;
      if (fault.fault.afterHandling === true)
        this.route(method, path, url.searchParams, body, request.headers.authorization);
      ({ status, body: payload } = {
        status: fault.fault.status,
        body: fault.fault.body ?? { message: 'fault', code: 0 },
      });
      headers = fault.fault.headers ?? {};
    } else {
      [status, payload] = this.route(method, path, url.searchParams, body, request.headers.authorization);
    }
    const recorded: RecordedRequest = {
      index: this.requests.length,
      method,
      path,
      query: url.searchParams,
      body: body as RecordedBody,
      status,
      response:
        payload !== null && typeof payload === 'object' && !Buffer.isBuffer(payload)
          ? (payload as Record<string, unknown>)
          : null,
    };
    this.requests.push(recorded);

    if (Buffer.isBuffer(payload)) {
      response.writeHead(status, { 'Content-Type': 'text/plain', ...headers });
      response.end(payload);
    } else if (status === 204) {
      response.writeHead(204, headers);
      response.end();
    } else {
      response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      response.end(JSON.stringify(payload));
    }
    this.events.emit('request', recorded);
  }

  private route(
    method: string,
    path: string,
    query: URLSearchParams,
    body: unknown,
    authorization: string | undefined,
  ): [number, unknown] {
    const notFound: [number, unknown] = [404, { message: 'Unknown', code: 10_000 }];
    const attachment = /^\/attachments\/(\d+)\//.exec(path);
    if (attachment) {
      const bytes = this.attachments.get(attachment[1] ?? '');
      return bytes ? [200, bytes] : notFound;
    }
    const needsBotAuth = !path.startsWith('/interactions/') && !path.startsWith('/webhooks/');
    if (needsBotAuth && authorization !== `Bot ${this.token}`)
      return [401, { message: '401: Unauthorized', code: 0 }];

    if (method === 'GET' && path === '/gateway/bot') {
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 14_400_000, max_concurrency: 1 },
        },
      ];
    }
    if (method === 'GET' && (path === '/applications/@me' || path === '/oauth2/applications/@me')) {
      return [200, { id: this.applicationId, name: 'newsdesk', bot_public: true, flags: 0 }];
    }
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (commands) {
      const key = commands[2] ?? 'global';
      if (method === 'GET') return [200, this.commands.get(key) ?? []];
      if (method === 'PUT') {
        const stored = (body as Record<string, unknown>[]).map((command) => ({
          id: snowflake(),
          application_id: this.applicationId,
          version: snowflake(),
          type: 1,
          ...(commands[2] ? { guild_id: commands[2] } : {}),
          ...command,
        }));
        this.commands.set(key, stored);
        return [200, stored];
      }
    }
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (callback && method === 'POST') {
      const record = this.interactions.get(callback[2] ?? '');
      if (!record) return [404, { message: 'Unknown interaction', code: 10_062 }];
      const callbackBody = body as { type: number; data?: Record<string, unknown> };
      if (callbackBody.type === 4 || callbackBody.type === 5 || callbackBody.type === 7) {
        record.original = this.messageFrom(record.originalId, record.channelId, callbackBody.data ?? {});
      }
      if (query.get('with_response') === 'true') {
        return [
          200,
          {
            interaction: { id: callback[1], type: 2 },
            resource: { type: callbackBody.type, ...(record.original ? { message: record.original } : {}) },
          },
        ];
      }
      return [204, null];
    }
    const webhookMessage = /^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/.exec(path);
    if (webhookMessage) {
      const record = this.interactions.get(webhookMessage[2] ?? '');
      if (!record) return [404, { message: 'Unknown webhook', code: 10_015 }];
      const messageId = webhookMessage[3] === '@original' ? record.originalId : (webhookMessage[3] ?? '');
      if (method === 'GET') {
        const found = messageId === record.originalId ? record.original : this.messages.get(messageId);
        return found ? [200, found] : notFound;
      }
      if (method === 'PATCH') {
        const previous = messageId === record.originalId ? record.original : this.messages.get(messageId);
        const message = this.messageFrom(messageId, record.channelId, {
          ...(previous ?? {}),
          ...(body as object),
        });
        if (messageId === record.originalId) record.original = message;
        return [200, message];
      }
      if (method === 'DELETE') return [204, null];
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)$/.exec(path);
    if (webhook && method === 'POST') {
      const record = this.interactions.get(webhook[2] ?? '');
      if (!record) return [404, { message: 'Unknown webhook', code: 10_015 }];
      return [200, this.messageFrom(snowflake(), record.channelId, body as object)];
    }
    const channelMessages = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (channelMessages && method === 'POST') {
      // As Discord does with enforce_nonce: the same nonce again (in a few minutes) returns the message it made.
      const { nonce, enforce_nonce: enforce } = body as { nonce?: string; enforce_nonce?: boolean };
      const key = `${channelMessages[1]}:${nonce}`;
      const earlier = nonce !== undefined && enforce === true ? this.nonces.get(key) : undefined;
      if (earlier) return [200, earlier];
      const message = this.messageFrom(snowflake(), channelMessages[1] ?? '', body as object);
      if (nonce !== undefined) this.nonces.set(key, message);
      return [200, message];
    }
    const channelMessage = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (channelMessage && method === 'GET') {
      const found = this.messages.get(channelMessage[2] ?? '');
      return found ? [200, found] : notFound;
    }
    const typing = /^\/channels\/(\d+)\/typing$/.exec(path);
    if (typing && method === 'POST') return [204, null];
    const thread = /^\/channels\/(\d+)\/(?:messages\/(\d+)\/)?threads$/.exec(path);
    if (thread && method === 'POST') {
      const parentId = thread[1] ?? '';
      const guild = this.guilds.find((item) => item.channels.some((channel) => channel.id === parentId));
      // A forum post (no message id in the path) is a new thread whose first message has the thread's id.
      const threadId = thread[2] ?? snowflake();
      this.threadParent.set(threadId, parentId);
      const threadBody = body as { name: string; auto_archive_duration?: number; message?: object };
      const starter =
        thread[2] === undefined && threadBody.message !== undefined
          ? { message: this.messageFrom(threadId, threadId, threadBody.message) }
          : {};
      return [
        201,
        {
          ...starter,
          id: threadId,
          type: 11,
          guild_id: guild?.id,
          parent_id: parentId,
          owner_id: this.botUser.id,
          name: threadBody.name,
          last_message_id: null,
          message_count: 0,
          member_count: 1,
          rate_limit_per_user: 0,
          flags: 0,
          thread_metadata: {
            archived: false,
            auto_archive_duration: threadBody.auto_archive_duration ?? 1440,
            archive_timestamp: new Date().toISOString(),
            locked: false,
            create_timestamp: new Date().toISOString(),
          },
          total_message_sent: 0,
          newly_created: true,
        },
      ];
    }
    return notFound;
  }

  private messageFrom(id: string, channelId: string, body: object): Record<string, unknown> {
    const message: Record<string, unknown> = {
      type: 0,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      edited_timestamp: null,
      ...body,
      id,
      channel_id: channelId,
      author: userPayload(this.botUser, true),
      timestamp: new Date().toISOString(),
    };
    delete message.allowed_mentions;
    if ('message_reference' in body) message.type = 19;
    this.messages.set(id, message);
    return message;
  }
}

/** Starts a fake Discord on a random loopback port with the given guilds. */
export async function startFakeDiscord(guilds: FakeGuild[]): Promise<FakeDiscord> {
  return FakeDiscord.start(guilds);
}
