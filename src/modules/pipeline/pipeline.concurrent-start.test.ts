import { afterAll, describe, expect, it } from 'vitest';
import { createTestConfig } from '../../../test/test-app.ts';
import { createAppContext, type AppContext } from '../app/app.context.ts';
import { createLogger } from '../shared/logger.ts';
import { pipelineChain } from './pipeline.chain.ts';
import { queueName } from './job-queue.ts';

/**
 * Scale-out start-up: several worker processes start at the same moment on a
 * fresh database. pg-boss's create_queue deadlocks when they race; the runner
 * must serialise queue creation so every worker comes up.
 */
describe('pipeline workers starting at once on a fresh database', () => {
  const apps: AppContext[] = [];
  let dropDatabase: (() => Promise<void>) | null = null;

  afterAll(async () => {
    for (const app of apps) await app.close().catch(() => undefined);
    await dropDatabase?.().catch(() => undefined);
  });

  it('all come up and the queues exist once', async () => {
    const test = await createTestConfig();
    dropDatabase = test.dropDatabase;
    const config = { ...test.config, ocrConcurrency: 1 };
    // Three "machines" on one database, each with its own pools, as separate processes would have.
    for (let index = 0; index < 3; index += 1) apps.push(await createAppContext(config, { logger: createLogger('error') }));
    await Promise.all(apps.map((app) => app.pipeline.startWorkers()));

    const first = apps[0];
    if (!first) throw new Error('no app');
    for (const definition of pipelineChain) expect(await first.boss.getQueue(queueName(definition.step)), definition.step).toBeTruthy();
  });
});
