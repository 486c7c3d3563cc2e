import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import { principalOf } from '../modules/auth/auth.plugin.ts';
import { readers } from '../modules/auth/auth.types.ts';
import { createSavedSearchesService } from '../modules/search/saved-searches.service.ts';

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
  totalEstimate: z.number().int().optional().describe('With totalCapped: the estimated number of all matches.'),
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

const savedSearchQuery = z.object({
  q: z.string().max(1000).optional(),
  type: z.string().max(100).optional(),
  customer: z.string().max(100).optional(),
  channel: z.string().max(50).optional(),
  queue: z.string().max(100).optional(),
  status: z.string().max(50).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
});

const savedSearch = z.object({ id: z.string(), name: z.string(), query: savedSearchQuery, createdAt: z.string() });

export function searchRoutes(app: AppContext): FastifyPluginAsyncZod {
  return async (server) => {
    const savedSearches = createSavedSearchesService({ db: app.db });
    /** A saved search belongs to whoever is calling: the logged-in user (or the API token). */
    const ownerOf = (request: FastifyRequest) => {
      const principal = principalOf(request);
      return { tenantId: principal.tenantId, userId: principal.id };
    };

    server.get('/api/v1/saved-searches', { config: { access: readers }, schema: { tags: ['search'], summary: 'The caller’s saved searches', response: { 200: z.array(savedSearch) } } }, async (request) =>
      savedSearches.list(ownerOf(request)),
    );

    server.post(
      '/api/v1/saved-searches',
      {
        config: { access: readers },
        schema: { tags: ['search'], summary: 'Save a search (query string and filters) for the caller', body: z.object({ name: z.string().trim().min(1).max(200), query: savedSearchQuery }), response: { 201: savedSearch } },
      },
      async (request, reply) => reply.code(201).send(await savedSearches.create(ownerOf(request), request.body)),
    );

    server.delete(
      '/api/v1/saved-searches/:id',
      { config: { access: readers }, schema: { tags: ['search'], summary: 'Delete one of the caller’s saved searches (404 for anyone else’s)', params: z.object({ id: z.string() }) } },
      async (request, reply) => {
        await savedSearches.remove(ownerOf(request), request.params.id);
        return reply.code(204).send();
      },
    );

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
