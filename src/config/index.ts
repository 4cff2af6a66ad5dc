/**
 * The one module that reads the environment: dotenv + a zod schema, with coercion, defaults and cross-field
 * rules. Empty strings count as unset. A bad setting becomes an `AppError('config_invalid')` whose message is
 * one line naming the variable; the entry point prints it and exits 1.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { AppError } from '../errors/index.js';
import { parseKey } from '../store/crypto.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Wraps a field so that an empty or blank value counts as unset. */
const unsetIfEmpty = <T extends z.ZodType>(type: T) =>
  z.preprocess((v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : v), type);

const logLevel = unsetIfEmpty(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'));

/** Days the knowledge-gap inbox keeps each miss; 0 records nothing. */
const feedbackRetention = unsetIfEmpty(
  z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(0, 'must be 0 (record nothing) or more').max(3650, 'must be at most 3650').default(90),
);

/** Where the database is, for terminal commands that read it (`sourcing gaps`). */
const storeSchema = z.object({
  DATA_DIR: unsetIfEmpty(z.string().default('./data')),
  DATABASE_URL: unsetIfEmpty(z.string().regex(/^postgres(ql)?:\/\//, 'must be a PostgreSQL URL, like postgres://user@127.0.0.1:5432/db').optional()),
  FEEDBACK_RETENTION_DAYS: feedbackRetention,
});

const schema = z
  .object({
    SLACK_BOT_TOKEN: unsetIfEmpty(
      z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'must be a bot token starting with "xoxb-"').optional(),
    ),
    SLACK_SIGNING_SECRET: unsetIfEmpty(
      z.string().regex(/^[A-Za-z0-9]{16,}$/, 'must be the app\'s Signing Secret (letters and digits)').optional(),
    ),
    SLACK_APP_TOKEN: unsetIfEmpty(z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'must be an app-level token starting with "xapp-"').optional()),
    SLACK_API_URL: unsetIfEmpty(
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL, like http://127.0.0.1:4000/api/' })
        .transform((u) => (u.endsWith('/') ? u : `${u}/`))
        .optional(),
    ),
    PORT: unsetIfEmpty(
      z.coerce.number({ error: 'must be a port number' }).int('must be a whole number').min(0, 'must be 0-65535').max(65535, 'must be 0-65535').default(3000),
    ),
    HOST: unsetIfEmpty(z.string().default('0.0.0.0')),
    LOG_LEVEL: logLevel,
    DATA_DIR: storeSchema.shape.DATA_DIR,
    DATABASE_URL: storeSchema.shape.DATABASE_URL,
    SLACK_CLIENT_ID: unsetIfEmpty(z.string().regex(/^[0-9]+\.[0-9]+$/, 'must be the app\'s Client ID, like 1234567890.1234567890').optional()),
    SLACK_CLIENT_SECRET: unsetIfEmpty(z.string().regex(/^[A-Za-z0-9]{16,}$/, 'must be the app\'s Client Secret (letters and digits)').optional()),
    SLACK_STATE_SECRET: unsetIfEmpty(z.string().min(16, 'must be at least 16 characters (a random string that signs the OAuth state)').optional()),
    TOKEN_ENCRYPTION_KEY: unsetIfEmpty(z.string().optional()),
    INTERVIEW_TTL_HOURS: unsetIfEmpty(z.coerce.number({ error: 'must be a number of hours' }).positive('must be more than 0').max(24 * 90, 'must be at most 2160 (90 days)').default(24)),
    DECISION_RETENTION_DAYS: unsetIfEmpty(
      z.coerce.number({ error: 'must be a number of days' }).int('must be a whole number of days').min(0, 'must be 0 (keep forever) or more').max(36_500, 'must be at most 36500').default(365),
    ),
    SHUTDOWN_GRACE_MS: unsetIfEmpty(
      z.coerce.number({ error: 'must be a number of milliseconds' }).int('must be a whole number of milliseconds').min(0, 'must be 0 or more').max(120_000, 'must be at most 120000 (two minutes)').default(5000),
    ),
    FEEDBACK_RETENTION_DAYS: feedbackRetention,
  })
  .superRefine((env, ctx) => {
    const oauth = Boolean(env.SLACK_CLIENT_ID || env.SLACK_CLIENT_SECRET || env.SLACK_STATE_SECRET);
    if (oauth) {
      for (const name of ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const) {
        if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is missing (OAuth mode needs SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET)' });
      }
      if (!env.TOKEN_ENCRYPTION_KEY)
        ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: 'is missing (32 random bytes, base64 or hex, to encrypt stored bot tokens; required in OAuth mode)' });
      else {
        try {
          parseKey(env.TOKEN_ENCRYPTION_KEY);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['TOKEN_ENCRYPTION_KEY'], message: (err as Error).message });
        }
      }
    } else if (!env.SLACK_BOT_TOKEN)
      ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is missing (the Bot User OAuth Token, "xoxb-…", from your app\'s OAuth & Permissions page; or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET for OAuth)' });
    if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET)
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is missing (the Signing Secret from your app\'s Basic Information page; required unless SLACK_APP_TOKEN enables Socket Mode)' });
  });

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly mode: 'http' | 'socket';
  /** Single-workspace bot token; undefined in OAuth mode. */
  readonly botToken: string | undefined;
  /** Set when the app is distributed to many workspaces through OAuth. */
  readonly oauth: { readonly clientId: string; readonly clientSecret: string; readonly stateSecret: string; readonly encryptionKey: Buffer } | undefined;
  readonly signingSecret: string | undefined;
  readonly appToken: string | undefined;
  readonly slackApiUrl: string | undefined;
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly interviewTtlMs: number;
  /** How long finished decisions are kept; undefined keeps them until the workspace uninstalls the app. */
  readonly decisionRetentionMs: number | undefined;
  /** On SIGTERM, how long the server keeps taking requests (reporting not ready) so a load balancer can drain it. */
  readonly shutdownGraceMs: number;
  /** How long the knowledge-gap inbox keeps each miss; 0 records nothing. */
  readonly feedbackRetentionMs: number;
}

/** What a terminal command needs to open the app's database. */
export interface StoreConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly feedbackRetentionMs: number;
}

type Env = Record<string, string | undefined>;

function firstIssue(error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const message = issue.message.startsWith('is ') || issue.message.startsWith('must ') ? issue.message : `is invalid: ${issue.message}`;
  return new AppError('config_invalid', `Configuration error: ${name} ${message}`);
}

/** Validates the settings the Slack app needs. Throws `AppError('config_invalid')` naming the first bad variable. */
export function parseConfig(env: Env): Config {
  const result = schema.safeParse(env);
  if (!result.success) throw firstIssue(result.error);
  const e = result.data;
  return {
    mode: e.SLACK_APP_TOKEN ? 'socket' : 'http',
    botToken: e.SLACK_CLIENT_ID ? undefined : e.SLACK_BOT_TOKEN,
    oauth: e.SLACK_CLIENT_ID
      ? { clientId: e.SLACK_CLIENT_ID, clientSecret: e.SLACK_CLIENT_SECRET!, stateSecret: e.SLACK_STATE_SECRET!, encryptionKey: parseKey(e.TOKEN_ENCRYPTION_KEY!) }
      : undefined,
    signingSecret: e.SLACK_SIGNING_SECRET,
    appToken: e.SLACK_APP_TOKEN,
    slackApiUrl: e.SLACK_API_URL,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    interviewTtlMs: e.INTERVIEW_TTL_HOURS * 3600_000,
    decisionRetentionMs: e.DECISION_RETENTION_DAYS === 0 ? undefined : e.DECISION_RETENTION_DAYS * 86_400_000,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    feedbackRetentionMs: e.FEEDBACK_RETENTION_DAYS * 86_400_000,
  };
}

/** The database settings alone (`DATABASE_URL` or `DATA_DIR`), for terminal commands that need no Slack settings. */
export function parseStoreConfig(env: Env): StoreConfig {
  const r = storeSchema.safeParse(env);
  if (!r.success) throw firstIssue(r.error);
  return { dataDir: r.data.DATA_DIR, databaseUrl: r.data.DATABASE_URL, feedbackRetentionMs: r.data.FEEDBACK_RETENTION_DAYS * 86_400_000 };
}

/** The log level alone, for terminal commands that need no Slack settings. */
export function parseLogLevel(env: Env): LogLevel {
  const r = z.object({ LOG_LEVEL: logLevel }).safeParse(env);
  if (!r.success) throw firstIssue(r.error);
  return r.data.LOG_LEVEL;
}

/** Reads `.env` (if present) into the environment without overriding what is already set, then returns it. */
export function readEnvironment(path?: string): Env {
  loadDotenv({ quiet: true, ...(path ? { path } : {}) });
  return process.env;
}
