/**
 * Structured logging with pino: JSON lines, tokens and secrets redacted by key name and by pattern, and an
 * adapter so Bolt's own logs go through the same logger.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import type { LogLevel } from '../config/index.js';
import { LogLevel as BoltLevel, type Logger as BoltLogger } from '@slack/bolt';

export type { Logger };


/**
 * Slack tokens (xoxb-, xoxp-, xapp-, xoxe-…), URLs with passwords, and the values of OAuth's secret fields written as
 * `name=value` or `"name":"value"` (a Web API request body at debug level: the client secret and the code of an
 * install, the tokens it returns), wherever they appear in a string.
 */
const SECRET_PATTERN = /\b(xox[abposre]|xapp)-[A-Za-z0-9-]+|(?<=:\/\/[^:/@\s]+:)[^@\s]+(?=@)|(?<=\b(?:client_secret|code|refresh_token|access_token)(?:=|"\s*:\s*"))[^"&\s]+/g;

/** Every secret the pattern knows contains one of these; most log strings contain none, and skip the regex. */
const MAY_HOLD_SECRET = /xox|xapp|:\/\/|secret|code|token/;

export function scrub(text: string): string {
  return MAY_HOLD_SECRET.test(text) ? text.replace(SECRET_PATTERN, '[Redacted]') : text;
}

/** `scrub`, and every occurrence of the given secrets (the app's own: signing secret, client secret…) whatever surrounds it. */
function scrubberOf(known: ReadonlyArray<string | undefined>): (text: string) => string {
  // Short values would redact ordinary words; real secrets are far longer.
  const secrets = known.filter((s): s is string => typeof s === 'string' && s.length >= 8);
  if (secrets.length === 0) return scrub;
  return (text) => {
    let out = scrub(text);
    for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[Redacted]');
    return out;
  };
}

const SECRET_KEY = /token|secret|password|authorization|signature/i;

/** Scrubs every string in a log object, and redacts secret-named keys at any depth (bounded). */
function scrubDeep(value: unknown, clean: (text: string) => string, depth = 0): unknown {
  if (typeof value === 'string') return clean(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, clean, depth + 1));
  if (value instanceof Error) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) && typeof v === 'string' ? '[Redacted]' : scrubDeep(v, clean, depth + 1);
  return out;
}

export interface LoggerOptions {
  /** Values never to write, wherever they appear (the app's secrets from its config). */
  readonly secrets?: ReadonlyArray<string | undefined>;
}

export function createLogger(level: LogLevel, destination?: DestinationStream, options: LoggerOptions = {}): Logger {
  const clean = scrubberOf(options.secrets ?? []);
  return pino(
    {
      level,
      base: { app: 'sourcing-advisor' },
      formatters: { level: (label) => ({ level: label }), log: (object) => scrubDeep(object, clean) as Record<string, unknown> },
      timestamp: pino.stdTimeFunctions.isoTime,
      hooks: {
        // Last line of defence: scrub token-shaped strings from messages and string arguments.
        logMethod(args, method) {
          // logger.error(err) would copy err.message into msg unscrubbed: pass it as { err } with a clean message.
          const [first, ...rest] = args as unknown[];
          const normalised = first instanceof Error ? [{ err: first }, clean(first.message), ...rest] : args;
          method.apply(this, normalised.map((a) => (typeof a === 'string' ? clean(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          return { ...s, message: clean(String(s.message ?? '')), stack: s.stack ? clean(s.stack) : undefined };
        },
      },
    },
    destination,
  );
}

const BOLT_LEVELS: Record<string, BoltLevel> = {
  trace: BoltLevel.DEBUG,
  debug: BoltLevel.DEBUG,
  info: BoltLevel.INFO,
  warn: BoltLevel.WARN,
  error: BoltLevel.ERROR,
  fatal: BoltLevel.ERROR,
  silent: BoltLevel.ERROR,
};

/** Bolt's level for one of ours. */
export function boltLevel(level: string): BoltLevel {
  return BOLT_LEVELS[level] ?? BoltLevel.INFO;
}

/** Bolt's `Logger` interface over pino. Bolt passes strings and objects; we scrub them and keep the level. */
export function boltLogger(logger: Logger): BoltLogger {
  const child = logger.child({ component: 'bolt' });
  let level = boltLevel(logger.level);
  const fmt = (msg: unknown[]): string => scrub(msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' '));
  // Bolt logs whole request bodies at debug level: format only what will actually be written.
  const at = (level: 'debug' | 'info' | 'warn' | 'error') => (...msg: unknown[]) => {
    if (child.isLevelEnabled(level)) child[level](fmt(msg));
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    setLevel: (l: BoltLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
