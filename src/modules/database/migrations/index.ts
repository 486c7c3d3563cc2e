import type { Migration } from 'kysely';
import * as foundation from './0001_foundation.ts';
import * as customers from './0002_customers.ts';
import * as recognition from './0003_recognition.ts';
import * as workspace from './0005_workspace.ts';
import * as workspaceCounts from './0005_workspace_counts.ts';
import * as email from './0006_email.ts';
import * as auth from './0004_auth.ts';
import * as auditArchive from './0009_audit_archive.ts';
import * as nearDuplicates from './0008_near_duplicates.ts';
import * as scanBatches from './0007_scan_batches.ts';
import * as searchScale from './0011_search_scale.ts';
import * as rowLevelSecurity from './0012_row_level_security.ts';
import * as searchPlans from './0013_search_plans.ts';
import * as classifierModels from './0014_classifier_models.ts';
import * as searchVectorInline from './0015_search_vector_inline.ts';

/** All migrations in order; listed statically so they work from any entry point. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_customers': customers,
  '0003_recognition': recognition,
  '0005_workspace': workspace,
  '0005_workspace_counts': workspaceCounts,
  '0006_email': email,
  '0004_auth': auth,
  '0009_audit_archive': auditArchive,
  '0008_near_duplicates': nearDuplicates,
  '0007_scan_batches': scanBatches,
  '0011_search_scale': searchScale,
  '0012_row_level_security': rowLevelSecurity,
  '0013_search_plans': searchPlans,
  '0014_classifier_models': classifierModels,
  '0015_search_vector_inline': searchVectorInline,
};
