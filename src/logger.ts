/** Levels a logger accepts, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A minimal structured logger; every part of newsdesk receives one instead of using console directly. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** How a logger is set up. */
export interface LoggerOptions {
  /** Values that must never appear in a log line (the Discord token, the API key): each is replaced by [redacted]. */
  secrets: readonly (string | undefined)[];
  /** Where lines go; stderr by default, so stdout stays free for answers. */
  write?: (line: string) => void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

const redacted = '[redacted]';

/** The user name and password part of any URL (`https://user:password@host`). */
const urlCredentials = /([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;

/**
 * A function that removes every secret from a text, also in the forms it takes inside JSON and URLs, and every
 * URL's credentials: the one place newsdesk redacts.
 */
function createRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.trim() === '') continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  const longestFirst = [...forms].sort((left, right) => right.length - left.length);
  return (text) => {
    let clean = text;
    for (const form of longestFirst) clean = clean.split(form).join(redacted);
    return clean.replace(urlCredentials, `$1${redacted}@`);
  };
}

function describe(value: unknown, depth = 0): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value.cause !== undefined && depth < 5 ? { cause: describe(value.cause, depth + 1) } : {}),
    };
  }
  return value;
}

/**
 * Creates a logger that writes one JSON line per entry (errors with their causes) to stderr, with every configured
 * secret and every URL credential redacted from the whole line.
 */
export function createLogger(level: LogLevel, options: LoggerOptions): Logger {
  const redact = createRedactor(options.secrets);
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const log = (entryLevel: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    if (order[entryLevel] < order[level]) return;
    const described = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [key, describe(value)]),
    );
    let line: string;
    try {
      line = JSON.stringify({ time: new Date().toISOString(), level: entryLevel, message, ...described });
    } catch {
      line = JSON.stringify({ time: new Date().toISOString(), level: entryLevel, message });
    }
    write(`${redact(line)}\n`);
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
  };
}

/** A logger that drops everything (tests, `--json` output). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
