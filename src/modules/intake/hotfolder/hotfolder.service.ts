import type { AppContext } from '../../app/app.context.ts';
import { loadHotfolderSettings } from './hotfolder.config.ts';
import { createHotfolderWatcher, type HotfolderWatcher } from './hotfolder.watcher.ts';

/** `serve`: one watcher per configured hot folder (<dataDir>/hotfolders.json, env POSTSTELLE_WATCH_DIRS). */
export async function startHotfolders(app: Pick<AppContext, 'config' | 'db' | 'intake' | 'documents' | 'logger'>): Promise<{ watchers: HotfolderWatcher[]; stop(): Promise<void> }> {
  const settings = await loadHotfolderSettings(app.config.dataDir, app.config.tenantId);
  const watchers: HotfolderWatcher[] = [];
  for (const folder of settings) {
    await app.db.insertInto('tenants').values({ id: folder.tenantId, name: folder.tenantId }).onConflict((conflict) => conflict.column('id').doNothing()).execute();
    const watcher = createHotfolderWatcher({ db: app.db, intake: app.intake, documents: app.documents, logger: app.logger, settings: folder, maxFileBytes: app.config.maxFileBytes });
    await watcher.start();
    app.logger.info({ folder: watcher.folder, tenant: folder.tenantId }, 'watching hot folder');
    watchers.push(watcher);
  }
  return {
    watchers,
    async stop() {
      for (const watcher of watchers) await watcher.stop();
    },
  };
}
