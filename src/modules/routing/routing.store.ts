import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../database/database.types.ts';
import { defaultRoutingRules, loadTenantRoutingRules, routeDocument, routingRuleSchema, type RoutingInput, type RoutingRule } from './routing.rules.ts';

export interface RoutingRuleSet {
  /** The tenant's own rules, first match wins. */
  rules: RoutingRule[];
  /** Applied after them: one rule per request type. */
  defaults: RoutingRule[];
  source: 'database' | 'file' | 'defaults';
  updatedAt: string | null;
  updatedBy: string | null;
}

/**
 * Routing rules per tenant, edited by admins and kept in the database.
 * `<dataDir>/routing.json` is the seed: a tenant that never saved rules gets
 * the file's rules. Cached briefly so the recognition step does not read the
 * table for every letter; a save in this process takes effect at once,
 * elsewhere within `cacheMs`.
 */
export function createRoutingRulesStore({ db, dataDir, cacheMs = 5000 }: { db: Kysely<Database>; dataDir: string; cacheMs?: number }) {
  const cache = new Map<string, { at: number; set: RoutingRuleSet }>();
  let fileRules: RoutingRule[] | null = null;

  async function load(tenantId: string): Promise<RoutingRuleSet> {
    const cached = cache.get(tenantId);
    if (cached && Date.now() - cached.at < cacheMs) return cached.set;
    const row = await db.selectFrom('routing_rule_sets').select(['rules', 'updated_at', 'updated_by']).where('tenant_id', '=', tenantId).executeTakeFirst();
    let set: RoutingRuleSet;
    if (row) {
      set = { rules: z.array(routingRuleSchema).parse(row.rules), defaults: defaultRoutingRules(), source: 'database', updatedAt: new Date(row.updated_at).toISOString(), updatedBy: row.updated_by };
    } else {
      fileRules ??= loadTenantRoutingRules(dataDir);
      set = { rules: fileRules, defaults: defaultRoutingRules(), source: fileRules.length > 0 ? 'file' : 'defaults', updatedAt: null, updatedBy: null };
    }
    cache.set(tenantId, { at: Date.now(), set });
    return set;
  }

  async function segmentOf(tenantId: string, customerNumber: string | null | undefined): Promise<string | null> {
    if (!customerNumber) return null;
    const row = await db.selectFrom('customers').select('segment').where('tenant_id', '=', tenantId).where('customer_number', '=', customerNumber).executeTakeFirst();
    return row?.segment ?? null;
  }

  return {
    get: load,

    async forTenant(tenantId: string): Promise<RoutingRule[]> {
      const set = await load(tenantId);
      return [...set.rules, ...set.defaults];
    },

    /** Routes with the tenant's rules; looks up the customer's segment only when a rule asks for one. */
    async route(tenantId: string, input: RoutingInput & { customerNumber?: string | null }): Promise<{ queue: string; rule: string }> {
      const set = await load(tenantId);
      const rules = [...set.rules, ...set.defaults];
      const customerSegment = rules.some((rule) => rule.customerSegments) ? await segmentOf(tenantId, input.customerNumber) : null;
      return routeDocument(rules, { ...input, customerSegment });
    },

    async replace(tenantId: string, rules: RoutingRule[], updatedBy: string | null): Promise<RoutingRuleSet> {
      const parsed = z.array(routingRuleSchema).parse(rules);
      await db
        .insertInto('routing_rule_sets')
        .values({ tenant_id: tenantId, rules: JSON.stringify(parsed), updated_by: updatedBy })
        .onConflict((conflict) => conflict.column('tenant_id').doUpdateSet({ rules: JSON.stringify(parsed), updated_by: updatedBy, updated_at: sql<Date>`now()` }))
        .execute();
      cache.delete(tenantId);
      return load(tenantId);
    },
  };
}

export type RoutingRulesStore = ReturnType<typeof createRoutingRulesStore>;
