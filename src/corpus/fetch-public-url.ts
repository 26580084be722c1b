import { lookup as lookupCallback, type LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import { fail, ok, type Result } from '../result.js';
import { isPrivateAddress } from './is-private-address.js';
import { ContentReadError } from './read-limited.js';

/** Why a web address could not be fetched at all (what the server answered is the reader's to judge). */
export type FetchUrlFailure = 'invalid-url' | 'private-address' | 'unreachable' | 'timeout' | 'http-error';

/** How an address may be fetched, and how messages speak of it. */
export interface FetchUrlOptions {
  /** Allow loopback and private network addresses; only for tests and trusted local setups. */
  allowPrivate: boolean;
  /** Give up after this many milliseconds in all, redirects and reading included; 15 seconds when not given. */
  timeoutMs?: number;
  /** Request headers besides the user agent (`accept`, conditional request headers). */
  headers?: Record<string, string>;
  /** What is being fetched, for messages: "the page", "the feed". */
  noun: string;
  /** What to do after a timeout, ending the message: "try again later or paste the article text." */
  timeoutAdvice: string;
}

const maxRedirects = 5;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
/** Redirects that say the address has moved for good, so a stored address should follow them. */
const permanentStatuses = new Set([301, 308]);
const userAgent = 'newsdesk/0.1 (article and feed fetcher for a news Discord bot)';

/**
 * Fetches an http(s) address for a user, the one way newsdesk reaches the web: refuses addresses on private or local
 * networks (unless allowed) before every request and again at connection time, follows at most five redirects and
 * checks each, and hands the first response that is not a redirect to `read`, all within one deadline, with the
 * address it came from and the address the link has moved to for good (as far as every redirect before it was
 * permanent: 301 or 308; null when the first was not, or there was none). A failure
 * of the network, the deadline or the body part way through `read` becomes a refusal with words for people.
 */
export async function fetchPublicUrl<T, Reason extends string>(
  url: string,
  options: FetchUrlOptions,
  read: (response: Response, url: URL, movedTo: URL | null) => Promise<Result<T, Reason>>,
): Promise<Result<T, Reason | FetchUrlFailure>> {
  const first = parseWebUrl(url.trim(), 'That link');
  if (!first.ok) return first;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let current = first.value;
  let movedTo = first.value;
  try {
    for (let hop = 0; ; hop += 1) {
      const allowed = await checkHost(current, options.allowPrivate, controller.signal);
      if (!allowed.ok) return allowed;
      const response = await fetch(current, {
        redirect: 'manual',
        signal: controller.signal,
        ...(options.allowPrivate ? {} : { dispatcher: publicOnlyAgent }),
        headers: { 'user-agent': userAgent, ...options.headers },
      });
      if (!redirectStatuses.has(response.status))
        return await read(response, current, movedTo === first.value ? null : movedTo);
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (location === null) {
        return fail(
          'http-error',
          `${current.hostname} answered ${response.status} (a redirect) without saying where to.`,
        );
      }
      if (hop >= maxRedirects) {
        return fail(
          'http-error',
          `${first.value.hostname} redirected more than ${maxRedirects} times; open the link in a browser and use the final address.`,
        );
      }
      const next = parseWebUrl(location, `${current.hostname} redirected to an address that`, current);
      if (!next.ok) return next;
      if (movedTo === current && permanentStatuses.has(response.status)) movedTo = next.value;
      current = next.value;
    }
  } catch (thrown) {
    // A body that failed part way is reported like a request that failed: by what went wrong underneath.
    const error: unknown = thrown instanceof ContentReadError ? thrown.cause : thrown;
    if (controller.signal.aborted) {
      return fail(
        'timeout',
        `${current.hostname} did not send ${options.noun} within ${formatSeconds(timeoutMs)}; ${options.timeoutAdvice}`,
      );
    }
    const privateAddress = privateAddressOf(error);
    if (privateAddress !== null) {
      return fail(
        'private-address',
        `${current.hostname} (${privateAddress}) is a private or local network address; only public web pages can be fetched.`,
      );
    }
    if (error instanceof TypeError || isNodeError(error)) {
      return fail('unreachable', `Could not reach ${current.hostname}: ${describeNetworkError(error)}.`);
    }
    throw thrown;
  } finally {
    clearTimeout(timer);
  }
}

/** The error code of a connection refused because the host resolved to a private or local address. */
const privateAddressCode = 'ENEWSDESKPRIVATE';

/**
 * `dns.lookup` that fails for a host resolving to any private or local address. It runs when the connection is made,
 * so the address connected to is the address checked: a host name whose DNS answer changes between the check
 * before the request and the connection (DNS rebinding) still cannot reach the local network.
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  lookupCallback(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '', 0);
      return;
    }
    const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
    const first = addresses[0];
    if (blocked !== undefined || first === undefined) {
      const refusal: NodeJS.ErrnoException & { address?: string } = new Error(
        `${hostname} resolves to ${blocked?.address ?? 'no address'}, a private or local network address`,
      );
      refusal.code = privateAddressCode;
      refusal.address = blocked?.address ?? '';
      callback(refusal, '', 0);
      return;
    }
    // With `all` the callback takes the list; Node's typing of the callback only names the single-address form.
    if (options.all === true) (callback as (error: null, found: LookupAddress[]) => void)(null, addresses);
    else callback(null, first.address, first.family);
  });
};

/** Connects only to public addresses, checked at connection time (see `publicOnlyLookup`). */
export const publicOnlyAgent = new Agent({ connect: { lookup: publicOnlyLookup } });

/** The address a refused connection resolved to, if the error is `publicOnlyLookup`'s refusal. */
function privateAddressOf(error: unknown): string | null {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (isNodeError(current) && current.code === privateAddressCode) {
      return (current as { address?: string }).address ?? '';
    }
  }
  return null;
}

function parseWebUrl(text: string, subject: string, base?: URL): Result<URL, 'invalid-url'> {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    return fail(
      'invalid-url',
      `${subject} is not a valid web address; it should look like https://example.org/story.`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(
      'invalid-url',
      `${subject} is a ${url.protocol.replace(/:$/, '')} address; only http and https links can be fetched.`,
    );
  }
  if (url.username !== '' || url.password !== '') {
    return fail(
      'invalid-url',
      `${subject} contains a user name or password; links with sign-in details are not fetched.`,
    );
  }
  return ok(url);
}

async function checkHost(
  url: URL,
  allowPrivate: boolean,
  signal: AbortSignal,
): Promise<Result<null, 'private-address' | 'unreachable'>> {
  if (allowPrivate) return ok(null);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host) !== 0) {
    addresses = [host];
  } else {
    try {
      const found = await abortable(lookup(host, { all: true, verbatim: true }), signal);
      addresses = found.map((entry) => entry.address);
    } catch (error) {
      if (signal.aborted) throw error;
      return fail('unreachable', `Could not reach ${host}: ${describeNetworkError(error)}.`);
    }
  }
  const blocked = addresses.find(isPrivateAddress);
  if (blocked === undefined) return ok(null);
  const where = blocked === host ? host : `${host} (${blocked})`;
  return fail(
    'private-address',
    `${where} is a private or local network address; only public web pages can be fetched.`,
  );
}

function describeNetworkError(error: unknown): string {
  const cause: unknown = error instanceof Error && error.cause !== undefined ? error.cause : error;
  const code = isNodeError(cause) ? cause.code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_NONAME':
      return 'no such host name, so check the address';
    case 'EAI_AGAIN':
      return 'the host name could not be looked up right now';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was dropped';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'the connection timed out';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'the network is unreachable';
    default:
      if (code !== undefined && /CERT|SSL|TLS/i.test(code)) return 'its security certificate is not valid';
      return cause instanceof Error && cause.message !== '' ? cause.message : 'the request failed';
  }
}

function isNodeError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function formatSeconds(milliseconds: number): string {
  const seconds = milliseconds / 1000;
  return seconds === 1 ? '1 second' : `${Number(seconds.toFixed(1))} seconds`;
}
