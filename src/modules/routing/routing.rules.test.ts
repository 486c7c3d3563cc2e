import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRoutingRules, loadRoutingRules, routeDocument } from './routing.rules.ts';

describe('routing rules', () => {
  it('routes each request type to its default queue and abstentions to triage', () => {
    const rules = defaultRoutingRules();
    expect(routeDocument(rules, { requestType: 'cancellation', matchStatus: 'auto', channel: 'scan' })).toEqual({ queue: 'cancellations', rule: 'default:cancellation' });
    expect(routeDocument(rules, { requestType: 'bank_details_change', matchStatus: 'none', channel: 'fax' }).queue).toBe('customer-data');
    expect(routeDocument(rules, { requestType: null, matchStatus: 'none', channel: 'scan' })).toEqual({ queue: 'triage', rule: 'abstained' });
    expect(routeDocument(rules, { requestType: 'something_new', matchStatus: 'auto', channel: 'scan' }).queue).toBe('general');
  });

  it('lets a tenant override by type, match status and channel, keeping defaults for the rest', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pst-routing-'));
    fs.writeFileSync(
      path.join(dataDir, 'routing.json'),
      JSON.stringify({ rules: [{ name: 'unknown senders', queue: 'identification', matchStatuses: ['none'] }, { name: 'fax cancellations', queue: 'fax-desk', requestTypes: ['cancellation'], channels: ['fax'] }] }),
    );
    const rules = loadRoutingRules(dataDir);
    expect(routeDocument(rules, { requestType: 'tariff_change', matchStatus: 'none', channel: 'scan' })).toEqual({ queue: 'identification', rule: 'unknown senders' });
    expect(routeDocument(rules, { requestType: 'cancellation', matchStatus: 'auto', channel: 'fax' }).queue).toBe('fax-desk');
    expect(routeDocument(rules, { requestType: 'cancellation', matchStatus: 'auto', channel: 'scan' }).queue).toBe('cancellations');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
