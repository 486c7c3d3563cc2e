import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import type { AuditLog } from '../modules/audit/audit.types.ts';
import { admins } from '../modules/auth/auth.types.ts';
import { webhookEvents } from '../modules/webhooks/webhooks.outbox.ts';
import { createWebhooksRepository } from '../modules/webhooks/webhooks.repository.ts';
import { callerOf } from './caller.ts';

const webhookSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.enum(webhookEvents)), createdAt: z.string(), pending: z.number(), failed: z.number() });

/** Webhook subscriptions (admin): downstream systems learn about routed and closed documents. */
export function webhooksRoutes(app: Pick<AppContext, 'db'>, { audit }: { audit: AuditLog }): FastifyPluginAsyncZod {
  return async (server) => {
    const webhooks = createWebhooksRepository({ db: app.db });

    server.get('/api/v1/webhooks', { config: { access: admins }, schema: { tags: ['webhooks'], summary: 'Webhook subscriptions with their undelivered entries', response: { 200: z.array(webhookSchema) } } }, async (request) =>
      webhooks.list(callerOf(request).tenantId),
    );

    server.post(
      '/api/v1/webhooks',
      {
        config: { access: admins },
        schema: {
          tags: ['webhooks'],
          summary: 'Subscribe a URL; deliveries carry x-poststelle-signature = sha256=HMAC-SHA256(secret, body)',
          body: z.object({
            url: z.string().url().refine((url) => /^https?:\/\//.test(url), 'http or https only'),
            events: z.array(z.enum(webhookEvents)).min(1),
            secret: z.string().min(16).max(200),
          }),
          response: { 201: webhookSchema },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const webhook = await webhooks.create({ tenantId: caller.tenantId, ...request.body, createdBy: caller.id });
        await audit.record({ tenantId: caller.tenantId, actorId: caller.id, actorName: caller.displayName, action: 'settings.update', subjectType: 'settings', subjectId: `webhook:${webhook.id}`, details: { created: true, events: webhook.events } });
        return reply.code(201).send(webhook);
      },
    );

    server.delete(
      '/api/v1/webhooks/:id',
      { config: { access: admins }, schema: { tags: ['webhooks'], summary: 'Remove a subscription (its undelivered entries too)', params: z.object({ id: z.string().uuid() }) } },
      async (request, reply) => {
        const caller = callerOf(request);
        await webhooks.remove(caller.tenantId, request.params.id);
        await audit.record({ tenantId: caller.tenantId, actorId: caller.id, actorName: caller.displayName, action: 'settings.update', subjectType: 'settings', subjectId: `webhook:${request.params.id}`, details: { deleted: true } });
        return reply.code(204).send();
      },
    );
  };
}
