import { useEffect, useState } from 'react';
import type { QueueConfig, RoutingRule } from '../api/types.ts';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { ErrorNotice, Loading } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const listFields = ['requestTypes', 'matchStatuses', 'channels', 'customerSegments'] as const;
type ListField = (typeof listFields)[number];

const splitList = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

export function AdminRoutingPage() {
  const { api, can } = useSession();
  const { t } = useI18n();
  const state = useAsync(() => api.routingRules(), [api]);
  const [rules, setRules] = useState<RoutingRule[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const editable = can('admin');
  const queueConfig = useAsync(() => api.queueConfig(), [api]);
  const defaults = state.data && !Array.isArray(state.data) ? (state.data.defaults ?? []) : [];

  useEffect(() => {
    if (state.data) setRules(Array.isArray(state.data) ? state.data : state.data.rules);
  }, [state.data]);

  const change = (index: number, patch: Partial<RoutingRule>) => setRules((previous) => previous.map((rule, position) => (position === index ? { ...rule, ...patch } : rule)));
  const changeList = (index: number, field: ListField, text: string) => {
    const values = splitList(text);
    change(index, { [field]: values.length ? values : undefined });
  };
  const move = (index: number, by: number) =>
    setRules((previous) => {
      const next = [...previous];
      const [rule] = next.splice(index, 1);
      if (rule) next.splice(Math.max(0, Math.min(next.length, index + by)), 0, rule);
      return next;
    });

  const save = async () => {
    setMessage(null);
    setError(null);
    try {
      await api.saveRoutingRules(rules);
      setMessage(t('common.saved'));
      state.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  return (
    <div className="admin-page">
      <div className="toolbar">
        <h1>{t('admin.routing')}</h1>
        <div className="spacer" />
        {editable && (
          <>
            <button type="button" onClick={() => setRules([...rules, { name: `rule-${rules.length + 1}`, queue: 'general' }])}>
              {t('admin.addRule')}
            </button>
            <button type="button" className="primary" onClick={() => void save()}>
              {t('common.save')}
            </button>
          </>
        )}
      </div>
      {!editable && <p className="muted">{t('admin.readOnly')}</p>}
      <p className="hint">{t('admin.commaHint')}</p>
      <ErrorNotice error={state.error ?? error} />
      {message && <div className="notice info">{message}</div>}
      {state.loading && !state.data && <Loading />}
      <table className="grid-table rules-table">
        <thead>
          <tr>
            <th>#</th>
            <th>{t('admin.ruleName')}</th>
            <th>{t('admin.ruleQueue')}</th>
            <th>{t('admin.ruleTypes')}</th>
            <th>{t('admin.ruleMatch')}</th>
            <th>{t('admin.ruleChannels')}</th>
            <th>{t('admin.ruleSegments')}</th>
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {rules.map((rule, index) => (
            <tr key={index}>
              <td>{index + 1}</td>
              <td>
                <input value={rule.name} disabled={!editable} onChange={(event) => change(index, { name: event.target.value })} aria-label={t('admin.ruleName')} />
              </td>
              <td>
                <input value={rule.queue} disabled={!editable} onChange={(event) => change(index, { queue: event.target.value })} aria-label={t('admin.ruleQueue')} />
              </td>
              {listFields.map((field) => (
                <td key={field}>
                  <input key={`${index}-${(rule[field] ?? []).join()}`} defaultValue={(rule[field] ?? []).join(', ')} disabled={!editable} onBlur={(event) => changeList(index, field, event.target.value)} />
                </td>
              ))}
              {editable && (
                <td className="nowrap">
                  <button type="button" className="small" onClick={() => move(index, -1)} disabled={index === 0}>
                    ↑
                  </button>
                  <button type="button" className="small" onClick={() => move(index, 1)} disabled={index === rules.length - 1}>
                    ↓
                  </button>
                  <button type="button" className="small" onClick={() => setRules(rules.filter((_, position) => position !== index))}>
                    {t('common.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {defaults.length > 0 && (
        <>
          <h2 className="section-title">{t('admin.defaults')}</h2>
          <table className="grid-table">
            <tbody>
              {defaults.map((rule) => (
                <tr key={rule.name}>
                  <td>{rule.name}</td>
                  <td>{rule.queue}</td>
                  <td>{(rule.requestTypes ?? []).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2 className="section-title">{t('admin.queues')}</h2>
      <ErrorNotice error={queueConfig.error} />
      <table className="grid-table">
        <thead>
          <tr>
            <th>ID</th>
            <th>{t('admin.ruleName')}</th>
            <th>{t('admin.slaDays')}</th>
            <th>{t('admin.holidayState')}</th>
            {editable && <th />}
          </tr>
        </thead>
        <tbody>
          {(queueConfig.data ?? []).map((queue) => (
            <QueueRow key={queue.id} queue={queue} editable={editable} onSave={async (name, slaBusinessDays) => {
              setError(null);
              try {
                await api.saveQueue(queue.id, { name, slaBusinessDays });
                setMessage(t('common.saved'));
                queueConfig.reload();
              } catch (caught) {
                setError(caught instanceof Error ? caught : new Error(String(caught)));
              }
            }} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QueueRow({ queue, editable, onSave }: { queue: QueueConfig; editable: boolean; onSave(name: string, slaBusinessDays: number): Promise<void> }) {
  const { t } = useI18n();
  const [name, setName] = useState(queue.name);
  const [days, setDays] = useState(queue.slaBusinessDays);
  const changed = name !== queue.name || days !== queue.slaBusinessDays;
  return (
    <tr>
      <td className="muted">{queue.id}</td>
      <td>
        <input value={name} disabled={!editable} onChange={(event) => setName(event.target.value)} aria-label={t('admin.ruleName')} />
      </td>
      <td>
        <input type="number" min={1} max={60} value={days} disabled={!editable} onChange={(event) => setDays(Number(event.target.value))} aria-label={t('admin.slaDays')} />
      </td>
      <td>{queue.holidayState ?? ''}</td>
      {editable && (
        <td>
          <button type="button" className="small" disabled={!changed} onClick={() => void onSave(name, days)}>
            {t('common.save')}
          </button>
        </td>
      )}
    </tr>
  );
}
