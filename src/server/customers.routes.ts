import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import type { AuditLog } from '../modules/audit/audit.types.ts';
import { readers } from '../modules/auth/auth.types.ts';
import { createCustomersTimeline } from '../modules/customers/customers.timeline.ts';
import { callerOf } from './caller.ts';
import { actorSchema } from './workspace.schemas.ts';

const summarySchema = z.object({ customerNumber: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), company: z.string().nullable(), postalCode: z.string().nullable(), city: z.string().nullable() });

/** The customer view: find an account, see all its letters on a timeline. */
export function customersRoutes(app: Pick<AppContext, 'db'>, { audit }: { audit: AuditLog }): FastifyPluginAsyncZod {
  return async (server) => {
    const customers = createCustomersTimeline({ db: app.db });

    server.get(
      '/api/v1/customers',
      {
        config: { access: readers },
        schema: { tags: ['customers'], summary: 'Find customers by number, name, company, postcode or city', querystring: z.object({ q: z.string().max(200).default(''), limit: z.coerce.number().int().min(1).max(100).default(20) }), response: { 200: z.array(summarySchema) } },
      },
      async (request) => customers.search(callerOf(request).tenantId, request.query.q, request.query.limit),
    );

    server.get(
      '/api/v1/customers/:customerNumber',
      {
        config: { access: readers },
        schema: {
          tags: ['customers'],
          summary: 'A customer and all their documents, newest first',
          params: z.object({ customerNumber: z.string().min(1).max(64) }),
          response: {
            200: z.object({
              customer: summarySchema.extend({
                street: z.string().nullable(),
                houseNumber: z.string().nullable(),
                email: z.string().nullable(),
                phone: z.string().nullable(),
                iban: z.string().nullable(),
                birthDate: z.string().nullable(),
                contractNumbers: z.array(z.string()),
                segment: z.string().nullable(),
              }),
              documents: z.array(
                z.object({
                  documentId: z.string(),
                  receivedAt: z.string(),
                  channel: z.string(),
                  requestType: z.string().nullable(),
                  documentStatus: z.string(),
                  queueId: z.string().nullable(),
                  status: z.enum(['open', 'claimed', 'closed']).nullable(),
                  assignee: actorSchema.nullable(),
                  dueAt: z.string().nullable(),
                  overdue: z.boolean(),
                  closedAt: z.string().nullable(),
                  resolution: z.string().nullable(),
                  senderName: z.string().nullable(),
                  snippet: z.string(),
                  pages: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const caller = callerOf(request);
        const view = await customers.timeline(caller.tenantId, request.params.customerNumber);
        await audit.record({ tenantId: caller.tenantId, actorId: caller.id, actorName: caller.displayName, action: 'customer.view', subjectType: 'customer', subjectId: view.customer.customerNumber });
        return view;
      },
    );
  };
}
