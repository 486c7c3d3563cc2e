import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import type { AuditLog } from '../modules/audit/audit.types.ts';
import { admins, managers, readers } from '../modules/auth/auth.types.ts';
import { listInbox } from '../modules/queues/inbox.query.ts';
import { createQueuesRepository, getQueue, queueErrors } from '../modules/queues/queues.repository.ts';
import { routingRuleSchema } from '../modules/routing/routing.rules.ts';
import type { RoutingRulesStore } from '../modules/routing/routing.store.ts';
import { federalStates } from '../modules/routing/sla.ts';
import { callerOf } from './caller.ts';
import { queueId, workItemSchema } from './workspace.schemas.ts';

const queueConfigSchema = z.object({ id: z.string(), name: z.string(), slaBusinessDays: z.number(), holidayState: z.string() });
const ruleSetSchema = z.object({ rules: z.array(routingRuleSchema), defaults: z.array(routingRuleSchema), source: z.enum(['database', 'file', 'defaults']), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });

/** Queues with their counts, a queue's inbox, queue settings and routing rules. */
export function queuesRoutes(app: Pick<AppContext, 'db'>, { routingRules, audit }: { routingRules: RoutingRulesStore; audit: AuditLog }): FastifyPluginAsyncZod {
  return async (server) => {
    const queues = createQueuesRepository({ db: app.db });

    server.get(
      '/api/v1/queues',
      {
        config: { access: readers },
        schema: { tags: ['queues'], summary: 'Queues with open, overdue and due-today counts', response: { 200: z.array(queueConfigSchema.extend({ open: z.number(), overdue: z.number(), dueToday: z.number() })) } },
      },
      async (request) => queues.listWithCounts(callerOf(request).tenantId),
    );

    server.get(
      '/api/v1/queues/:id/items',
      {
        config: { access: readers },
        schema: {
          tags: ['queues'],
          summary: "A queue's inbox ordered by SLA due date (keyset pagination)",
          params: z.object({ id: queueId }),
          querystring: z.object({
            status: z.enum(['open', 'closed', 'all']).default('open'),
            assignee: z.string().optional().describe("'me' or a user id"),
            sort: z.enum(['due', 'received']).default('due'),
            cursor: z.string().optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ items: z.array(workItemSchema), nextCursor: z.string().nullable(), total: z.number() }) },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        if (!(await getQueue(app.db, caller.tenantId, request.params.id))) throw queueErrors.notFound(request.params.id);
        const assigneeId = request.query.assignee === 'me' ? caller.id : (request.query.assignee ?? null);
        return listInbox(app.db, { tenantId: caller.tenantId, queueId: request.params.id, status: request.query.status, assigneeId, sort: request.query.sort, cursor: request.query.cursor, limit: request.query.limit });
      },
    );

    server.get(
      '/api/v1/queues/config',
      { config: { access: managers }, schema: { tags: ['queues'], summary: 'Queue settings (name, SLA, holiday calendar)', response: { 200: z.array(queueConfigSchema) } } },
      async (request) => queues.listConfig(callerOf(request).tenantId),
    );

    server.put(
      '/api/v1/queues/:id',
      {
        config: { access: admins },
        schema: {
          tags: ['queues'],
          summary: 'Create or change a queue; a new SLA re-dates its open items',
          params: z.object({ id: queueId }),
          body: z.object({ name: z.string().min(1).max(120), slaBusinessDays: z.number().int().min(0).max(365), holidayState: z.enum(federalStates).optional() }),
          response: { 200: queueConfigSchema },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const queue = await queues.upsert(caller.tenantId, { id: request.params.id, ...request.body });
        await audit.record({ tenantId: caller.tenantId, actorId: caller.id, actorName: caller.displayName, action: 'settings.update', subjectType: 'settings', subjectId: `queue:${queue.id}`, details: { slaBusinessDays: queue.slaBusinessDays, holidayState: queue.holidayState } });
        return queue;
      },
    );

    server.get(
      '/api/v1/routing-rules',
      { config: { access: managers }, schema: { tags: ['queues'], summary: 'Routing rules (first match wins, then one default per request type)', response: { 200: ruleSetSchema } } },
      async (request) => routingRules.get(callerOf(request).tenantId),
    );

    server.put(
      '/api/v1/routing-rules',
      {
        config: { access: admins },
        schema: { tags: ['queues'], summary: 'Replace the routing rules', body: z.object({ rules: z.array(routingRuleSchema).max(500) }), response: { 200: ruleSetSchema } },
      },
      async (request) => {
        const caller = callerOf(request);
        for (const rule of request.body.rules) await queues.ensureQueue(caller.tenantId, rule.queue);
        const saved = await routingRules.replace(caller.tenantId, request.body.rules, caller.id);
        await audit.record({ tenantId: caller.tenantId, actorId: caller.id, actorName: caller.displayName, action: 'settings.update', subjectType: 'settings', subjectId: 'routing-rules', details: { rules: saved.rules.length } });
        return saved;
      },
    );
  };
}
