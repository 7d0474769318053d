import { availableParallelism } from 'node:os';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** `WORKERS=auto` starts one process per core, up to this many (each keeps its own caches and pool). */
export const MAX_AUTO_WORKERS = 4;

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/trackthatmoney.db')
    .refine((value) => /^(sqlite:|postgres(ql)?:\/\/)/.test(value), {
      message: 'must be sqlite:PATH or postgres://user@host:port/database',
    }),
  DATA_DIR: z.string().min(1).default('./data'),
  JWT_SECRET: z.string().optional(),
  JWT_ISSUER: z.string().min(1).default('trackthatmoney'),
  JWT_AUDIENCE: z.string().min(1).default('trackthatmoney-api'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin.length > 0),
    )
    .pipe(z.array(z.url({ message: 'each CORS origin must be a URL like https://app.example.com' }))),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  WEB_DIST: z.string().optional(),
  RATE_LIMIT_API_PER_MINUTE: positiveInt(600),
  RATE_LIMIT_ACCOUNT_PER_MINUTE: positiveInt(6000),
  RATE_LIMIT_AUTH_PER_15_MIN: positiveInt(100),
  RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN: positiveInt(10),
  SYNC_TOMBSTONE_HORIZON_DAYS: positiveInt(90),
  REDIS_URL: z
    .string()
    .optional()
    .refine((value) => value === undefined || /^rediss?:\/\/./.test(value), {
      message: 'must be redis://[:password@]host:port[/db] or rediss:// for TLS',
    }),
  REDIS_KEY_PREFIX: z.string().min(1).default('ttm:rl:'),
  WORKERS: z
    .string()
    .default('auto')
    .refine((value) => value === 'auto' || (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 64), {
      message: 'must be auto or a whole number of processes from 1 to 64',
    })
    .transform((value) => (value === 'auto' ? value : Number(value))),
});

/** Every environment variable the server reads (benchmarks clear them to start it as a user would). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly dataDir: string;
  /** Null means: generate one and keep it in dataDir (development only). */
  readonly jwtSecret: string | null;
  readonly jwtIssuer: string;
  readonly jwtAudience: string;
  readonly corsOrigins: readonly string[];
  readonly logLevel: LogLevel;
  readonly trustProxy: boolean;
  /** Folder with the built web client; null serves the API only. */
  readonly webDist: string | null;
  readonly rateLimits: {
    /** Per IP address, for API calls without a valid access token (sign-in, health checks). */
    readonly apiPerMinute: number;
    /** Per account, for signed-in API calls from all of its devices together. */
    readonly accountPerMinute: number;
    readonly authPer15Min: number;
    readonly loginFailuresPer15Min: number;
  };
  /**
   * Where the rate-limit and failed-sign-in counters are shared between server processes; null
   * keeps them in this process's memory.
   */
  readonly redis: {
    readonly url: string;
    /** Put in front of every key, so several deployments (or test runs) can share one Redis. */
    readonly keyPrefix: string;
  } | null;
  /**
   * Server processes answering requests (node:cluster workers sharing the port); 1 runs the
   * server in this process alone.
   */
  readonly workers: number;
  readonly sync: {
    /** Deletions are remembered this long; devices that stayed away longer download afresh. */
    readonly tombstoneHorizonDays: number;
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment once at startup; every problem is reported at once. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (FOO= in an env file) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.JWT_SECRET !== undefined && Buffer.byteLength(e.JWT_SECRET) < 32) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: must be at least 32 bytes');
  }
  if (e.NODE_ENV === 'production' && e.JWT_SECRET === undefined) {
    throw new ConfigError(
      'Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 random bytes)',
    );
  }
  // An in-memory SQLite database lives in one process: a second worker would have another one.
  const inMemory = e.DATABASE_URL === 'sqlite::memory:';
  if (inMemory && typeof e.WORKERS === 'number' && e.WORKERS > 1) {
    throw new ConfigError('Invalid configuration:\n  WORKERS: must be 1 with DATABASE_URL=sqlite::memory:');
  }
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    jwtSecret: e.JWT_SECRET ?? null,
    jwtIssuer: e.JWT_ISSUER,
    jwtAudience: e.JWT_AUDIENCE,
    corsOrigins: Object.freeze(e.CORS_ORIGINS),
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    webDist: e.WEB_DIST ?? null,
    rateLimits: Object.freeze({
      apiPerMinute: e.RATE_LIMIT_API_PER_MINUTE,
      accountPerMinute: e.RATE_LIMIT_ACCOUNT_PER_MINUTE,
      authPer15Min: e.RATE_LIMIT_AUTH_PER_15_MIN,
      loginFailuresPer15Min: e.RATE_LIMIT_LOGIN_FAILURES_PER_15_MIN,
    }),
    redis: e.REDIS_URL === undefined ? null : Object.freeze({ url: e.REDIS_URL, keyPrefix: e.REDIS_KEY_PREFIX }),
    workers: e.WORKERS !== 'auto' ? e.WORKERS : inMemory ? 1 : Math.min(availableParallelism(), MAX_AUTO_WORKERS),
    sync: Object.freeze({ tombstoneHorizonDays: e.SYNC_TOMBSTONE_HORIZON_DAYS }),
  });
}
