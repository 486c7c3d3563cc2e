import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BulkAction } from '../api/endpoints.ts';
import type { Queue, WorkItem } from '../api/types.ts';
import { Link, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { useHotkeys } from '../app/useHotkeys.ts';
import { DueBadge } from '../components/DueBadge.tsx';
import { ConfidenceBar, ErrorNotice, Loading, Snippet } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

type StatusFilter = 'open' | 'closed' | 'all';

function QueueList({ queues, activeId }: { queues: Queue[]; activeId: string | undefined }) {
  const { t } = useI18n();
  if (queues.length === 0) return <p className="muted">{t('queue.none')}</p>;
  return (
    <ul className="queue-list">
      {queues.map((queue) => (
        <li key={queue.id}>
          <Link to={`/queues/${encodeURIComponent(queue.id)}`} className={queue.id === activeId ? 'active' : undefined} data-queue={queue.id}>
            <span className="queue-name">{queue.name}</span>
            <span className="queue-counts">
              <span className="count" title={t('queue.open')}>
                {queue.open}
              </span>
              {queue.overdue > 0 && (
                <span className="count overdue" title={t('queue.overdue')}>
                  {queue.overdue}
                </span>
              )}
              {queue.dueToday > 0 && (
                <span className="count today" title={t('queue.dueToday')}>
                  {queue.dueToday}
                </span>
              )}
            </span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function InboxPage({ queueId }: { queueId?: string }) {
  const { api, user } = useSession();
  const { t, label, formatDate } = useI18n();
  const { navigate } = useRouter();
  const queues = useAsync(() => api.queues(), [api]);
  const [status, setStatus] = useState<StatusFilter>('open');
  const [mine, setMine] = useState(false);
  const [items, setItems] = useState<WorkItem[]>([]);
  const [total, setTotal] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadingItems, setLoadingItems] = useState(false);
  const [itemsError, setItemsError] = useState<Error | null>(null);
  const [cursor, setCursor] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<string | null>(null);
  const [forwardTarget, setForwardTarget] = useState('');
  const tableRef = useRef<HTMLTableSectionElement>(null);

  // "/" opens the first queue with work in it.
  useEffect(() => {
    if (queueId || !queues.data || queues.data.length === 0) return;
    const first = queues.data.find((queue) => queue.open > 0) ?? queues.data[0];
    if (first) navigate(`/queues/${encodeURIComponent(first.id)}`, { replace: true });
  }, [queueId, queues.data, navigate]);

  const load = useCallback(
    async (append: string | null) => {
      if (!queueId) return;
      setLoadingItems(true);
      try {
        const page = await api.queueItems(queueId, { status, assignee: mine ? 'me' : undefined, sort: 'due', cursor: append, limit: 50 });
        setItems((previous) => (append ? [...previous, ...page.items] : page.items));
        setTotal(page.total);
        setNextCursor(page.nextCursor);
        setItemsError(null);
      } catch (caught) {
        setItemsError(caught instanceof Error ? caught : new Error(String(caught)));
      } finally {
        setLoadingItems(false);
      }
    },
    [api, queueId, status, mine],
  );

  useEffect(() => {
    setSelected(new Set());
    setCursor(0);
    void load(null);
  }, [load]);

  const refresh = useCallback(() => {
    void load(null);
    queues.reload();
  }, [load, queues]);

  const act = async (run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    }
    refresh();
  };

  const bulk = async (action: BulkAction, extra: { userId?: string; queueId?: string } = {}) => {
    const ids = [...selected];
    if (ids.length === 0) return;
    try {
      const result = await api.bulk(ids, action, extra);
      setMessage(t('bulk.result', { done: result.done.length, failed: result.failed.length }));
      setSelected(new Set());
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    }
    refresh();
  };

  const toggle = (documentId: string) =>
    setSelected((previous) => {
      const next = new Set(previous);
      if (next.has(documentId)) next.delete(documentId);
      else next.add(documentId);
      return next;
    });

  const current = items[cursor];
  useHotkeys({
    j: () => setCursor((value) => Math.min(items.length - 1, value + 1)),
    k: () => setCursor((value) => Math.max(0, value - 1)),
    ArrowDown: () => setCursor((value) => Math.min(items.length - 1, value + 1)),
    ArrowUp: () => setCursor((value) => Math.max(0, value - 1)),
    Enter: () => current && navigate(`/documents/${current.documentId}`),
    o: () => current && navigate(`/documents/${current.documentId}`),
    x: () => current && toggle(current.documentId),
    c: () => current && current.status === 'open' && void act(() => api.claim(current.documentId)),
  });

  useEffect(() => {
    tableRef.current?.querySelector<HTMLElement>(`tr[data-index="${cursor}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [cursor]);

  const activeQueue = useMemo(() => queues.data?.find((queue) => queue.id === queueId), [queues.data, queueId]);
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.documentId));
  const otherQueues = (queues.data ?? []).filter((queue) => queue.id !== queueId);

  return (
    <div className="inbox">
      <aside className="sidebar">
        <h2>{t('queue.title')}</h2>
        {queues.loading && !queues.data ? <Loading /> : <QueueList queues={queues.data ?? []} activeId={queueId} />}
        <ErrorNotice error={queues.error} />
        <div className="legend-note">
          <span className="count">n</span> {t('queue.open')} <span className="count overdue">n</span> {t('queue.overdue')} <span className="count today">n</span> {t('queue.dueToday')}
        </div>
      </aside>
      <section className="main-panel">
        <div className="toolbar">
          <h1>{activeQueue ? activeQueue.name : t('queue.choose')}</h1>
          {activeQueue && <span className="muted">{t('queue.sla', { days: activeQueue.slaBusinessDays })}</span>}
          <span className="muted">{t('queue.total', { count: total })}</span>
          <div className="spacer" />
          <div className="segmented" role="group">
            {(['open', 'closed', 'all'] as const).map((value) => (
              <button key={value} type="button" className={status === value ? 'active' : undefined} onClick={() => setStatus(value)}>
                {t(`queue.filter.${value}`)}
              </button>
            ))}
          </div>
          <label className="check">
            <input type="checkbox" checked={mine} onChange={(event) => setMine(event.target.checked)} /> {t('queue.filter.mine')}
          </label>
          <button type="button" onClick={refresh}>
            {t('common.refresh')}
          </button>
        </div>
        {selected.size > 0 && (
          <div className="bulkbar" role="toolbar">
            <strong>{t('bulk.selected', { count: selected.size })}</strong>
            {user && (
              <button type="button" onClick={() => void bulk('assign', { userId: user.id })}>
                {t('bulk.assignMe')}
              </button>
            )}
            <button type="button" onClick={() => void bulk('release')}>
              {t('bulk.release')}
            </button>
            <button type="button" onClick={() => void bulk('close')}>
              {t('bulk.close')}
            </button>
            <select value={forwardTarget} onChange={(event) => setForwardTarget(event.target.value)} aria-label={t('item.forwardTo')}>
              <option value="">{t('item.forwardTo')}</option>
              {otherQueues.map((queue) => (
                <option key={queue.id} value={queue.id}>
                  {queue.name}
                </option>
              ))}
            </select>
            <button type="button" disabled={!forwardTarget} onClick={() => void bulk('forward', { queueId: forwardTarget })}>
              {t('bulk.forward')}
            </button>
          </div>
        )}
        {message && <div className="notice info">{message}</div>}
        <ErrorNotice error={itemsError} />
        <table className="grid-table inbox-table">
          <thead>
            <tr>
              <th className="narrow">
                <input
                  type="checkbox"
                  aria-label={t('item.selectAll')}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((item) => item.documentId)))}
                />
              </th>
              <th>{t('item.due')}</th>
              <th>{t('item.type')}</th>
              <th>{t('item.sender')}</th>
              <th>{t('item.customer')}</th>
              <th>{t('item.channel')}</th>
              <th>{t('item.received')}</th>
              <th>{t('item.status')}</th>
              <th>{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody ref={tableRef}>
            {items.map((item, index) => (
              <tr
                key={item.documentId}
                data-index={index}
                data-document={item.documentId}
                className={`${index === cursor ? 'cursor' : ''} ${item.overdue ? 'is-overdue' : ''} ${selected.has(item.documentId) ? 'is-selected' : ''}`}
                onClick={() => setCursor(index)}
                onDoubleClick={() => navigate(`/documents/${item.documentId}`)}
              >
                <td className="narrow">
                  <input type="checkbox" aria-label={t('item.select')} checked={selected.has(item.documentId)} onChange={() => toggle(item.documentId)} />
                </td>
                <td>
                  <DueBadge dueAt={item.dueAt} overdue={item.overdue} />
                </td>
                <td>
                  <Link to={`/documents/${item.documentId}`} className="strong">
                    {label('type', item.requestType)}
                  </Link>
                  <ConfidenceBar value={item.requestTypeConfidence} />
                </td>
                <td className="sender">
                  <div>{item.senderName ?? t('common.none')}</div>
                  <div className="snippet-line">
                    <Snippet text={item.snippet} />
                  </div>
                </td>
                <td>{item.customerNumber ? <Link to={`/customers/${item.customerNumber}`}>{item.customerNumber}</Link> : <span className="muted">{label('match', item.matchStatus ?? 'none')}</span>}</td>
                <td>
                  <span className={`chip channel-${item.channel}`}>{label('channel', item.channel)}</span>
                </td>
                <td className="nowrap">{formatDate(item.receivedAt)}</td>
                <td>
                  <span className={`status status-${item.status}`}>{label('status', item.status)}</span>
                  {item.assignee && <div className="muted small">{item.assignee.displayName}</div>}
                </td>
                <td className="nowrap">
                  <div className="row-actions">
                  {item.status === 'open' && (
                    <button type="button" className="small" onClick={() => void act(() => api.claim(item.documentId))}>
                      {t('item.claim')}
                    </button>
                  )}
                  {item.status === 'claimed' && (
                    <button type="button" className="small" onClick={() => void act(() => api.release(item.documentId))}>
                      {t('item.release')}
                    </button>
                  )}
                  {item.status !== 'closed' ? (
                    <button type="button" className="small" onClick={() => void act(() => api.close(item.documentId))}>
                      {t('item.close')}
                    </button>
                  ) : (
                    <button type="button" className="small" onClick={() => void act(() => api.reopen(item.documentId))}>
                      {t('item.reopen')}
                    </button>
                  )}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {!loadingItems && queueId && items.length === 0 && !itemsError && <p className="empty">{t('queue.empty')}</p>}
        {loadingItems && <Loading />}
        {nextCursor && !loadingItems && (
          <button type="button" className="load-more" onClick={() => void load(nextCursor)}>
            {t('queue.loadMore')}
          </button>
        )}
        <p className="hint">{t('queue.keys')}</p>
      </section>
    </div>
  );
}
