import { defineEndpoint } from '../endpoint.js';
import { HealthSchema, ReadySchema } from '../schemas/health.js';

export const healthEndpoints = {
  health: defineEndpoint({
    method: 'GET',
    path: '/healthz',
    operationId: 'health',
    summary: 'The process is up',
    tag: 'operations',
    auth: false,
    success: { 200: HealthSchema },
    errors: [],
  }),
  ready: defineEndpoint({
    method: 'GET',
    path: '/readyz',
    operationId: 'ready',
    summary: 'The database answers',
    tag: 'operations',
    auth: false,
    success: { 200: ReadySchema },
    errors: [503],
  }),
} as const;
