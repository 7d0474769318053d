import type { FastifyInstance } from 'fastify';

/**
 * One access-log line per request, written when the response is done, with what an operator
 * reads (method, path, status, time); the request id is bound to the request's logger already.
 */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (request, reply, done) => {
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTime: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request completed',
    );
    done();
  });
}
