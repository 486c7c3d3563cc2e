import { useEffect, useState, type FormEvent } from 'react';
import type { SearchQuery } from '../api/types.ts';
import { Link, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { ErrorNotice, Loading, Snippet } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const facetKeys = [
  { facet: 'requestType', param: 'type', labelPrefix: 'type' },
  { facet: 'channel', param: 'channel', labelPrefix: 'channel' },
  { facet: 'queue', param: 'queue', labelPrefix: null },
  { facet: 'status', param: 'status', labelPrefix: 'docStatus' },
] as const;
const queryKeys = ['q', 'type', 'channel', 'queue', 'status', 'from', 'to'] as const;
const pageSize = 20;

function queryFrom(search: URLSearchParams): SearchQuery {
  const query: SearchQuery = {};
  for (const key of queryKeys) {
    const value = search.get(key);
    if (value) query[key] = value;
  }
  return query;
}

function urlOf(query: SearchQuery, offset = 0): string {
  const params = new URLSearchParams();
  for (const key of queryKeys) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (offset) params.set('offset', String(offset));
  const text = params.toString();
  return `/search${text ? `?${text}` : ''}`;
}

export function SearchPage() {
  const { api } = useSession();
  const { t, label, formatDate } = useI18n();
  const { search, navigate } = useRouter();
  const query = queryFrom(search);
  const offset = Number(search.get('offset') ?? 0) || 0;
  const key = urlOf(query, offset);
  const [text, setText] = useState(query.q ?? '');
  const [saveName, setSaveName] = useState('');
  const [saveError, setSaveError] = useState<Error | null>(null);
  // A date range is inclusive: "to" means the end of that day.
  const result = useAsync(() => api.search({ ...query, to: query.to ? `${query.to}T23:59:59` : undefined, limit: pageSize, offset }), [api, key]);
  const customers = useAsync(() => (query.q && query.q.trim().length >= 3 ? api.customers(query.q.trim()) : Promise.resolve([])), [api, query.q]);
  const saved = useAsync(() => api.savedSearches(), [api]);
  const queues = useAsync(() => api.queues(), [api]);

  useEffect(() => setText(query.q ?? ''), [query.q]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(urlOf({ ...query, q: text }));
  };
  const setFilter = (param: keyof SearchQuery, value: string | undefined) => navigate(urlOf({ ...query, [param]: value }));

  const saveSearch = async (event: FormEvent) => {
    event.preventDefault();
    if (!saveName.trim()) return;
    setSaveError(null);
    try {
      await api.saveSearch(saveName.trim(), query);
      setSaveName('');
    } catch (caught) {
      setSaveError(caught instanceof Error ? caught : new Error(String(caught)));
    }
    saved.reload();
  };

  const queueName = (id: string) => queues.data?.find((queue) => queue.id === id)?.name ?? id;
  const data = result.data;

  return (
    <div className="search-page">
      <aside className="sidebar facets">
        <h2>{t('search.saved')}</h2>
        {saved.error ? (
          <ErrorNotice error={saved.error} />
        ) : (saved.data ?? []).length === 0 ? (
          <p className="muted small">{t('search.noSaved')}</p>
        ) : (
          <ul className="saved-list">
            {(saved.data ?? []).map((entry) => (
              <li key={entry.id}>
                <Link to={urlOf(entry.query)}>{entry.name}</Link>
                <button type="button" className="link small" title={t('common.delete')} onClick={() => void api.deleteSavedSearch(entry.id).then(saved.reload, saved.reload)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        <form className="save-search" onSubmit={(event) => void saveSearch(event)}>
          <input value={saveName} placeholder={t('search.saveAs')} onChange={(event) => setSaveName(event.target.value)} aria-label={t('search.saveAs')} />
          <button type="submit" disabled={!saveName.trim()}>
            {t('common.save')}
          </button>
        </form>
        <ErrorNotice error={saveError} />

        {facetKeys.map(({ facet, param, labelPrefix }) => {
          const counts = data?.facets?.[facet] ?? {};
          const selected = query[param];
          const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
          if (entries.length === 0 && !selected) return null;
          return (
            <div key={facet} className="facet" data-facet={facet}>
              <h3>{t(`search.facet.${facet}`)}</h3>
              <ul>
                {entries.map(([value, count]) => (
                  <li key={value}>
                    <label className="check">
                      <input type="checkbox" checked={selected === value} onChange={() => setFilter(param, selected === value ? undefined : value)} />
                      <span>{labelPrefix ? label(labelPrefix, value) : queueName(value)}</span>
                      <span className="count">{count}</span>
                    </label>
                  </li>
                ))}
                {selected && !counts[selected] && (
                  <li>
                    <label className="check">
                      <input type="checkbox" checked onChange={() => setFilter(param, undefined)} />
                      <span>{labelPrefix ? label(labelPrefix, selected) : queueName(selected)}</span>
                      <span className="count">0</span>
                    </label>
                  </li>
                )}
              </ul>
            </div>
          );
        })}
        <div className="facet">
          <h3>{t('search.facet.date')}</h3>
          <label className="stack">
            {t('common.from')}
            <input type="date" value={query.from ?? ''} onChange={(event) => setFilter('from', event.target.value || undefined)} />
          </label>
          <label className="stack">
            {t('common.to')}
            <input type="date" value={query.to ?? ''} onChange={(event) => setFilter('to', event.target.value || undefined)} />
          </label>
        </div>
        <button type="button" className="link" onClick={() => navigate(urlOf({ q: query.q }))}>
          {t('search.clearFilters')}
        </button>
      </aside>
      <section className="main-panel">
        <form className="search-form" onSubmit={submit}>
          <input type="search" name="q" value={text} autoFocus placeholder={t('search.placeholder')} onChange={(event) => setText(event.target.value)} aria-label={t('search.title')} />
          <button type="submit" className="primary">
            {t('search.submit')}
          </button>
        </form>
        {(customers.data ?? []).length > 0 && (
          <div className="customer-matches">
            {(customers.data ?? []).slice(0, 6).map((customer) => (
              <Link key={customer.customerNumber} to={`/customers/${customer.customerNumber}`} className="customer-pill">
                <strong>{customer.company ?? [customer.firstName, customer.lastName].filter(Boolean).join(' ')}</strong> {customer.customerNumber} · {customer.postalCode} {customer.city}
              </Link>
            ))}
          </div>
        )}
        <ErrorNotice error={result.error} />
        {result.loading && !data && <Loading />}
        {data && (
          <>
            <p className="result-count" data-testid="result-count">
              {data.totalCapped && data.totalEstimate
                ? t('search.resultsEstimated', { total: data.total, estimate: data.totalEstimate, ms: data.tookMs })
                : t(data.totalCapped ? 'search.resultsCapped' : 'search.results', { total: data.total, ms: data.tookMs })}
            </p>
            {data.hits.length === 0 && <p className="empty">{t('search.noResults')}</p>}
            <ol className="hits">
              {data.hits.map((hit) => (
                <li key={hit.id} className="hit" data-document={hit.id}>
                  <div className="hit-head">
                    <Link to={`/documents/${hit.id}${query.q ? `?q=${encodeURIComponent(query.q)}` : ''}`} className="strong">
                      {label('type', hit.requestType)}
                    </Link>
                    <span className={`chip channel-${hit.channel}`}>{label('channel', hit.channel)}</span>
                    <span className={`status docstatus-${hit.status}`}>{label('docStatus', hit.status)}</span>
                    {hit.queue && <span className="muted">{queueName(hit.queue)}</span>}
                    {hit.customerNumber && <Link to={`/customers/${hit.customerNumber}`}>{hit.customerNumber}</Link>}
                    <span className="spacer" />
                    <span className="muted">{formatDate(hit.receivedAt, true)}</span>
                  </div>
                  <div className="snippet-line">
                    <Snippet text={hit.snippet} />
                  </div>
                  <div className="muted small ellipsis">{hit.source}</div>
                </li>
              ))}
            </ol>
            <div className="pager">
              <button type="button" disabled={offset === 0} onClick={() => navigate(urlOf(query, Math.max(0, offset - pageSize)))}>
                {t('search.prev')}
              </button>
              <button type="button" disabled={offset + pageSize >= data.total} onClick={() => navigate(urlOf(query, offset + pageSize))}>
                {t('search.next')}
              </button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
