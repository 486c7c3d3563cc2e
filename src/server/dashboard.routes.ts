import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../modules/app/app.context.ts';
import { managers } from '../modules/auth/auth.types.ts';
import { createDashboardService } from '../modules/dashboard/dashboard.service.ts';
import { callerOf } from './caller.ts';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Supervisors' dashboard: volume, backlog, SLA breaches, straight-through rate, handling time. */
export function dashboardRoutes(app: Pick<AppContext, 'db'>): FastifyPluginAsyncZod {
  return async (server) => {
    const dashboard = createDashboardService({ db: app.db });
    server.get(
      '/api/v1/dashboard',
      {
        config: { access: managers },
        schema: {
          tags: ['dashboard'],
          summary: 'Numbers for a period of days (default: the last 30 days)',
          querystring: z.object({ from: day.optional(), to: day.optional() }),
          response: {
            200: z.object({
              from: z.string(),
              to: z.string(),
              volumeByDay: z.array(z.object({ day: z.string(), channel: z.string(), requestType: z.string(), count: z.number() })),
              backlog: z.array(z.object({ queueId: z.string(), open: z.number(), overdue: z.number() })),
              slaBreaches: z.array(z.object({ day: z.string(), count: z.number() })),
              straightThroughRate: z.number().nullable(),
              handlingTimeHours: z.object({ p50: z.number().nullable(), p90: z.number().nullable() }),
            }),
          },
        },
      },
      async (request) => dashboard.build(callerOf(request).tenantId, request.query),
    );
  };
}
