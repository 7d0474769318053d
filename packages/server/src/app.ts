import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit, { type FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { API_PREFIX } from '@ttm/contract';
import Fastify, { type FastifyInstance, type FastifyRequest, LogController } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { createWriteTransactions } from './db/write-transactions.js';
import { RateLimitedError } from './errors.js';
import { bearerToken } from './http/auth-context.js';
import { registerProblemHandlers, sendProblem } from './http/problem.js';
import { JsonCache } from './http/json-cache.js';
import { logDestination } from './http/log-destination.js';
import { lazyChildLogger } from './http/lazy-child-logger.js';
import { registerRequestLog } from './http/request-log.js';
import { registerResponseCompression } from './http/response-compression.js';
import { createResponseSerializerCompiler } from './http/response-serializer.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import type { RouteDeps } from './http/route.js';
import { registerWebClient } from './http/web-client.js';
import { registerAccountRoutes } from './modules/account/account.routes.js';
import { createAccountService } from './modules/account/account.service.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { createAuthService } from './modules/auth/auth.service.js';
import { registerBudgetRoutes } from './modules/budgets/budgets.routes.js';
import { createBudgetsService } from './modules/budgets/budgets.service.js';
import { registerCsvRoutes } from './modules/csv/csv.routes.js';
import { registerRecurringRoutes } from './modules/recurring/recurring.routes.js';
import { createRecurringRunner, scheduleRecurringRuns } from './modules/recurring/recurring.runner.js';
import { createRecurringService } from './modules/recurring/recurring.service.js';
import { createReceiptFiles } from './modules/receipts/receipt-files.js';
import { createReceiptSweeper, scheduleReceiptSweeps } from './modules/receipts/receipt-sweeper.js';
import { registerReceiptRoutes } from './modules/receipts/receipts.routes.js';
import { createReceiptsService } from './modules/receipts/receipts.service.js';
import { createExportService } from './modules/csv/export.service.js';
import { createImportService } from './modules/csv/import.service.js';
import { registerSummaryRoutes } from './modules/summaries/summaries.routes.js';
import { createSummariesService } from './modules/summaries/summaries.service.js';
import { scheduleSyncCompaction } from './modules/sync/compaction.js';
import { createConflictsService } from './modules/sync/conflicts.service.js';
import { registerSyncRoutes } from './modules/sync/sync.routes.js';
import { createSyncService } from './modules/sync/sync.service.js';
import { registerCategoryRoutes } from './modules/categories/categories.routes.js';
import { createCategoriesService } from './modules/categories/categories.service.js';
import { registerExpenseRoutes } from './modules/expenses/expenses.routes.js';
import { createExpensesService } from './modules/expenses/expenses.service.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { registerInviteRoutes } from './modules/invites/invites.routes.js';
import { createInvitesService } from './modules/invites/invites.service.js';
import { registerWalletRoutes } from './modules/wallets/wallets.routes.js';
import { createWalletsService } from './modules/wallets/wallets.service.js';
import { loadOrCreateJwtSecret } from './security/jwt-secret.js';
import { ActiveSessionCache, type RevocationPeers, SESSION_RECHECK_MS } from './security/active-sessions.js';
import { FallbackWindowCounter } from './security/fallback-window-counter.js';
import { LoginThrottle } from './security/login-throttle.js';
import { windowCounterStore } from './security/rate-limit-store.js';
import { closeRedis, connectRedis, RedisOutageLog } from './security/redis-client.js';
import { RedisWindowCounter } from './security/redis-window-counter.js';
import { MemoryWindowCounter, type WindowCounter } from './security/window-counter.js';
import { createTokenSigner } from './security/tokens.js';

export const BODY_LIMIT_BYTES = 64 * 1024;
/** Serialized history pages kept in memory (about 2,000 pages of 50 expenses). */
const HISTORY_CACHE_BYTES = 32 * 1024 * 1024;
/** Serialized summaries kept in memory (a 12-month summary of a household is a few KB). */
const SUMMARY_CACHE_BYTES = 8 * 1024 * 1024;
const FIFTEEN_MINUTES_MS = 15 * 60 * 1000;

/**
 * What a server process needs to know when it is one of several workers sharing the port
 * (process/cluster-primary.ts starts them): how many there are, whether it is the one that runs
 * the timers, and the counters the primary keeps for all of them.
 */
export interface WorkerRole {
  readonly workers: number;
  /** Exactly one worker runs the recurring-expense runs, receipt sweeps and sync compaction. */
  readonly runsBackgroundJobs: boolean;
  /** A counter kept by the primary process, so its budget is exact across workers. */
  readonly sharedCounter: (prefix: string) => WindowCounter;
  /** The other workers, told of every session this one revokes, and telling it of theirs. */
  readonly revocations: RevocationPeers;
}

export interface AppDeps {
  readonly config: Config;
  readonly database: DatabaseHandle;
  readonly clock?: Clock;
  /** Overrides pino's destination (tests capture logs to prove secrets are not written). */
  readonly logStream?: NodeJS.WritableStream;
  /** Set when this process is one of several workers (process/cluster-primary.ts). */
  readonly worker?: WorkerRole;
}

export async function buildApp({
  config,
  database,
  clock = systemClock,
  logStream,
  worker,
}: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'res.headers["set-cookie"]',
          '*.password',
          '*.refreshToken',
        ],
        censor: '[redacted]',
      },
      stream: logStream ?? logDestination(),
    },
    // One line per request (see registerRequestLog) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    // A request's own logger (with its id) is made only if something logs through it.
    childLoggerFactory: lazyChildLogger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
    // Errors Fastify raises before routing (a URL with broken percent-encoding) are problems too.
    frameworkErrors: (error, _request, reply) => {
      void sendProblem(reply, 'validation_failed', error.message);
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(createResponseSerializerCompiler({ verify: config.env === 'test' }));
  app.decorateRequest('auth', null);
  // JSON only: text/plain bodies get 415 instead of being parsed as strings.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);
  app.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerSecurityHeaders(app);
  registerRequestLog(app);
  registerResponseCompression(app);
  // Same-origin only unless origins are configured: then no CORS hook runs on any request.
  if (config.corsOrigins.length > 0) {
    await app.register(fastifyCors, {
      origin: [...config.corsOrigins],
      credentials: true,
      exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id'],
    });
  }

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'TrackThatMoney API',
        version: '1.0.0',
        description:
          'Expenses, wallets and accounts. Amounts are decimal strings; errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: (input) => {
      const documented = jsonSchemaTransform(input);
      // A file upload has no body schema to validate (it is read as a stream); the document still
      // says what to send: the file itself, in one of the accepted media types.
      const uploads = (input.route.config as { uploads?: readonly string[] } | undefined)?.uploads;
      if (uploads === undefined) return documented;
      return {
        ...documented,
        schema: { ...documented.schema, consumes: [...uploads], body: { type: 'string', format: 'binary' } },
      };
    },
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const signer = createTokenSigner({
    secret: config.jwtSecret ?? loadOrCreateJwtSecret(config.dataDir),
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
  });
  const activeSessions = new ActiveSessionCache(clock, SESSION_RECHECK_MS, worker?.revocations);
  // Rate limits and failed sign-ins are counted in this process, or in Redis when it is configured
  // so that several server processes share one budget. Should Redis stop answering, each process
  // counts on its own until it is back: limits never lift, and nobody is refused for the outage.
  let loginCounter: WindowCounter = new MemoryWindowCounter(clock);
  let apiRateLimitStore: FastifyRateLimitStoreCtor | undefined;
  // Workers without Redis: what must be exact (failed sign-ins, the sign-in routes' budgets) is
  // counted by the primary process for all of them; the per-minute API budgets, asked on every
  // request, are split evenly between the workers instead of costing each request a round trip.
  let budgetShares = 1;
  if (!config.redis && worker !== undefined && worker.workers > 1) {
    loginCounter = worker.sharedCounter('login:');
    apiRateLimitStore = windowCounterStore(new MemoryWindowCounter(clock), worker.sharedCounter('route:'));
    budgetShares = worker.workers;
  }
  const perMinute = (limit: number) => Math.ceil(limit / budgetShares);
  const runsBackgroundJobs = worker?.runsBackgroundJobs ?? true;
  if (config.redis) {
    const outages = new RedisOutageLog(app.log);
    const redis = await connectRedis(config.redis, outages, app.log);
    app.addHook('onClose', () => closeRedis(redis));
    loginCounter = new FallbackWindowCounter(new RedisWindowCounter(redis, 'login:'), loginCounter, outages);
    apiRateLimitStore = windowCounterStore(
      new FallbackWindowCounter(new RedisWindowCounter(redis, 'api:'), new MemoryWindowCounter(clock), outages),
    );
  }
  const authService = createAuthService({
    db: database.db,
    signer,
    throttle: new LoginThrottle(loginCounter, config.rateLimits.loginFailuresPer15Min, FIFTEEN_MINUTES_MS),
    clock,
    activeSessions,
  });
  const deps: RouteDeps = { authenticate: (token) => authService.authenticate(token) };
  const authRateLimit = { max: config.rateLimits.authPer15Min, timeWindow: FIFTEEN_MINUTES_MS };

  await app.register(
    async (api) => {
      // Budgets apply to the API only; the web client's static files are not counted. A signed-in
      // caller is counted per account (a household behind one router is not one bucket); anything
      // else, sign-in included, per IP address.
      const rateLimitKey = (request: FastifyRequest): string => {
        const token = bearerToken(request);
        const claims = token === undefined ? null : signer.verifyAccessToken(token);
        return claims ? `account:${claims.userId}` : `ip:${request.ip}`;
      };
      await api.register(fastifyRateLimit, {
        ...(apiRateLimitStore ? { store: apiRateLimitStore } : {}),
        global: true,
        keyGenerator: rateLimitKey,
        max: (_request, key) =>
          perMinute(key.startsWith('account:') ? config.rateLimits.accountPerMinute : config.rateLimits.apiPerMinute),
        timeWindow: '1 minute',
        errorResponseBuilder: (_request, context) => new RateLimitedError(Math.max(1, Math.ceil(context.ttl / 1000))),
      });
      registerHealthRoutes(api, deps, database.db);
      // Only the session routes read or clear the refresh cookie: no other request parses cookies.
      await api.register(async (sessionRoutes) => {
        await sessionRoutes.register(fastifyCookie);
        registerAuthRoutes(sessionRoutes, deps, authService, authRateLimit);
        registerAccountRoutes(sessionRoutes, deps, createAccountService(database.db, activeSessions));
      });
      registerWalletRoutes(api, deps, createWalletsService(database.db, clock));
      registerInviteRoutes(api, deps, createInvitesService(database.db, clock));
      registerExpenseRoutes(
        api,
        deps,
        createExpensesService(database.db, clock, createWriteTransactions(database.db, database.dialect)),
        new JsonCache(HISTORY_CACHE_BYTES),
      );
      registerSyncRoutes(api, deps, {
        sync: createSyncService(database.db, clock),
        conflicts: createConflictsService(database.db, clock),
      });
      if (runsBackgroundJobs) scheduleSyncCompaction(api, database.db, clock, config.sync.tombstoneHorizonDays);
      registerCategoryRoutes(api, deps, createCategoriesService(database.db));
      registerSummaryRoutes(api, deps, createSummariesService(database.db, clock), new JsonCache(SUMMARY_CACHE_BYTES));
      registerBudgetRoutes(api, deps, createBudgetsService(database.db, clock));
      registerCsvRoutes(api, deps, {
        exporter: createExportService(database.db),
        importer: createImportService(database.db, clock),
      });
      const recurringRunner = createRecurringRunner(database.db, clock);
      if (runsBackgroundJobs) scheduleRecurringRuns(api, recurringRunner);
      registerRecurringRoutes(api, deps, createRecurringService(database.db, clock, recurringRunner));
      const receiptFiles = createReceiptFiles(config.dataDir);
      const receiptSweeper = createReceiptSweeper(database.db, receiptFiles, clock, api.log);
      if (runsBackgroundJobs) scheduleReceiptSweeps(api, receiptSweeper);
      await registerReceiptRoutes(
        api,
        deps,
        createReceiptsService(database.db, clock, receiptFiles, receiptSweeper),
        receiptSweeper,
      );
    },
    { prefix: API_PREFIX },
  );
  // Load balancers probe the root paths.
  app.get('/healthz', { schema: { hide: true } }, () => ({ status: 'ok' }));

  await registerWebClient(app, config.webDist);
  return app;
}
