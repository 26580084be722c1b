/** Levels a logger accepts, quietest last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A minimal structured logger; every part of newsdesk receives one instead of using console directly. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

function describe(value: unknown): unknown {
  if (value instanceof Error) {
    return {
      name: value.name,
      message: value.message,
      ...(value.cause ? { cause: describe(value.cause) } : {}),
    };
  }
  return value;
}

/** Creates a logger that writes one JSON line per entry to stderr, so stdout stays free for answers. */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const log = (entryLevel: LogLevel, message: string, fields: Record<string, unknown> = {}): void => {
    if (order[entryLevel] < order[level]) return;
    const described = Object.fromEntries(
      Object.entries(fields).map(([key, value]) => [key, describe(value)]),
    );
    write(
      `${JSON.stringify({ time: new Date().toISOString(), level: entryLevel, message, ...described })}\n`,
    );
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
