import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import type { AuditLog } from '../modules/audit/audit.types.ts';
import { managers, readers, workers } from '../modules/auth/auth.types.ts';
import { documentHistory } from '../modules/queues/document-events.ts';
import { bulkActions, createWorkItemsService } from '../modules/queues/work-items.service.ts';
import { callerOf } from './caller.ts';
import { actorSchema, documentParams, queueId, workItemStateSchema } from './workspace.schemas.ts';

/** Claim, release, assign, forward, close, reopen — one document or many — and its history. */
export function workItemsRoutes(app: Pick<AppContext, 'db'>, { audit }: { audit: AuditLog }): FastifyPluginAsyncZod {
  return async (server) => {
    const workItems = createWorkItemsService({ db: app.db, audit });
    const action = (summary: string) => ({ tags: ['work items'], summary, params: documentParams, response: { 200: workItemStateSchema } });
    const note = z.string().max(2000).optional();

    server.post('/api/v1/documents/:id/claim', { config: { access: workers }, schema: action('Take a document to work on it') }, async (request) =>
      workItems.claim(callerOf(request), request.params.id),
    );
    server.post('/api/v1/documents/:id/release', { config: { access: workers }, schema: action('Give a claimed document back to its queue') }, async (request) =>
      workItems.release(callerOf(request), request.params.id),
    );
    server.post(
      '/api/v1/documents/:id/assign',
      { config: { access: workers }, schema: { ...action('Assign a document to a user (agents: only to themselves)'), body: z.object({ userId: z.string().min(1) }) } },
      async (request) => workItems.assign(callerOf(request), request.params.id, request.body.userId),
    );
    server.post(
      '/api/v1/documents/:id/forward',
      { config: { access: workers }, schema: { ...action('Move a document to another queue'), body: z.object({ queueId, note }) } },
      async (request) => workItems.forward(callerOf(request), request.params.id, request.body.queueId, request.body.note),
    );
    server.post(
      '/api/v1/documents/:id/close',
      { config: { access: workers }, schema: { ...action('Close a document (done)'), body: z.object({ resolution: z.string().max(200).optional(), note }).default({}) } },
      async (request) => workItems.close(callerOf(request), request.params.id, request.body),
    );
    server.post('/api/v1/documents/:id/reopen', { config: { access: workers }, schema: action('Reopen a closed document') }, async (request) =>
      workItems.reopen(callerOf(request), request.params.id),
    );

    server.post(
      '/api/v1/work-items/bulk',
      {
        config: { access: managers },
        schema: {
          tags: ['work items'],
          summary: 'One action on many documents; failures are reported per document',
          body: z.object({
            documentIds: z.array(z.string().uuid()).min(1).max(500),
            action: z.enum(bulkActions),
            userId: z.string().optional(),
            queueId: queueId.optional(),
            resolution: z.string().max(200).optional(),
            note,
          }),
          response: { 200: z.object({ done: z.array(z.string()), failed: z.array(z.object({ documentId: z.string(), code: z.string() })) }) },
        },
      },
      async (request) => workItems.bulk(callerOf(request), request.body),
    );

    server.get(
      '/api/v1/documents/:id/history',
      {
        config: { access: readers },
        schema: {
          tags: ['work items'],
          summary: 'Every change of a document: routing, actions, corrections',
          params: documentParams,
          response: { 200: z.array(z.object({ at: z.string(), actor: actorSchema.nullable(), action: z.string(), details: z.record(z.string(), z.unknown()) })) },
        },
      },
      async (request) => documentHistory(app.db, callerOf(request).tenantId, request.params.id),
    );
  };
}
