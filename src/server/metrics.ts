import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { secretsEqual } from '../modules/auth/secrets.ts';
import type { Database } from '../modules/database/database.types.ts';

/** Prometheus metrics of one server process; document counts are read from the database at scrape time. */
export function createMetrics({ db }: { db: Kysely<Database> }) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpRequests = new Counter({ name: 'poststelle_http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const httpDuration = new Histogram({
    name: 'poststelle_http_request_duration_seconds',
    help: 'HTTP request duration',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'poststelle_documents',
    help: 'Documents by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const rows = await db.selectFrom('documents').select(['status', (eb) => eb.fn.countAll<number>().as('count')]).groupBy('status').execute();
      this.reset();
      for (const row of rows) this.set({ status: row.status }, Number(row.count));
    },
  });
  new Gauge({
    name: 'poststelle_step_duration_seconds_avg',
    help: 'Average duration of finished pipeline steps in the last hour',
    labelNames: ['step'],
    registers: [registry],
    async collect() {
      const rows = await db
        .selectFrom('document_steps')
        .select(['step', (eb) => eb.fn.avg<number>('duration_ms').as('avg')])
        .where('status', '=', 'done')
        .where('finished_at', '>', new Date(Date.now() - 3_600_000))
        .groupBy('step')
        .execute();
      this.reset();
      for (const row of rows) this.set({ step: row.step }, Number(row.avg) / 1000);
    },
  });
  return { registry, httpRequests, httpDuration };
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who may scrape: with a configured token, whoever presents it as `Authorization: Bearer …`; without
 * one, only a client on the loopback interface (a sidecar or the machine's own Prometheus agent).
 * Behind a proxy the socket's address, not X-Forwarded-For, decides: a proxy on the same machine
 * would otherwise make everyone local.
 */
export function metricsAllowed(request: Pick<FastifyRequest, 'headers' | 'socket'>, token: string | null): boolean {
  if (token) {
    const header = request.headers.authorization ?? '';
    return header.startsWith('Bearer ') && secretsEqual(header.slice('Bearer '.length), token);
  }
  return loopback.has(request.socket.remoteAddress ?? '');
}
