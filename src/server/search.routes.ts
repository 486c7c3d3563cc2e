import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import { principalOf } from '../modules/auth/auth.plugin.ts';
import { readers } from '../modules/auth/auth.types.ts';

const searchQuery = z.object({
  q: z.string().default(''),
  type: z.string().optional(),
  customer: z.string().optional(),
  channel: z.enum(['scan', 'fax', 'email', 'upload']).optional(),
  queue: z.string().optional(),
  status: z.enum(['received', 'processing', 'routed', 'needs_review', 'quarantined', 'duplicate', 'failed']).optional(),
  facets: z.enum(['true', 'false']).default('true'),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  offset: z.coerce.number().int().min(0).default(0),
});

const facetCounts = z.record(z.string(), z.number());

const searchResponse = z.object({
  total: z.number(),
  totalCapped: z.boolean().optional(),
  tookMs: z.number(),
  facets: z.object({ requestType: facetCounts, channel: facetCounts, queue: facetCounts, status: facetCounts }).optional(),
  hits: z.array(
    z.object({
      id: z.string(),
      score: z.number(),
      requestType: z.string().nullable(),
      customerNumber: z.string().nullable(),
      receivedAt: z.string(),
      snippet: z.string(),
      status: z.string(),
      channel: z.string(),
      source: z.string(),
    }),
  ),
});

export function searchRoutes(app: AppContext): FastifyPluginAsyncZod {
  return async (server) => {
    server.get('/api/v1/search', { config: { access: readers }, schema: { tags: ['search'], summary: 'Full-text and keyword search', querystring: searchQuery, response: { 200: searchResponse } } }, async (request) => {
      const query = request.query;
      return app.search.search({
        tenantId: principalOf(request).tenantId,
        query: query.q,
        requestType: query.type,
        customerNumber: query.customer,
        receivedFrom: query.from,
        receivedTo: query.to,
        channel: query.channel,
        queue: query.queue,
        status: query.status,
        withFacets: query.facets === 'true',
        limit: query.limit,
        offset: query.offset,
      });
    });
  };
}
