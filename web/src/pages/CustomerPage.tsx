import { useMemo, useState } from 'react';
import type { CustomerDocument } from '../api/types.ts';
import { Link, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { palette, useWidth } from '../components/charts.tsx';
import { ErrorNotice, Loading, Snippet } from '../components/Feedback.tsx';
import { DueBadge } from '../components/DueBadge.tsx';
import { requestTypes } from '../components/RecognitionPanel.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const documentIdOf = (document: CustomerDocument) => document.documentId ?? document.id ?? '';

/** A horizontal strip: one dot per letter at its date of receipt, coloured by request type. */
function TimelineStrip({ documents }: { documents: CustomerDocument[] }) {
  const { label, formatDate } = useI18n();
  const { navigate } = useRouter();
  const [ref, width] = useWidth(900);
  if (documents.length === 0) return null;
  const times = documents.map((document) => new Date(document.receivedAt).getTime());
  // At least two months wide, so a single letter still sits on a labelled axis.
  const padding = Math.max(15 * 24 * 60 * 60 * 1000, (Math.max(...times) - Math.min(...times)) * 0.05);
  const min = Math.min(...times) - padding;
  const max = Math.max(...times) + padding;
  const span = Math.max(1, max - min);
  const x = (time: number) => 30 + ((time - min) / span) * (width - 60);
  const months: number[] = [];
  const cursor = new Date(min);
  cursor.setDate(1);
  cursor.setHours(0, 0, 0, 0);
  while (cursor.getTime() <= max) {
    if (cursor.getTime() >= min) months.push(cursor.getTime());
    cursor.setMonth(cursor.getMonth() + 1);
  }
  return (
    <div ref={(element) => { ref.current = element; }} className="timeline-strip-box">
    <svg className="timeline-strip" viewBox={`0 0 ${width} 70`} width={width} height={70} role="img">
      <line x1={20} x2={width - 20} y1={35} y2={35} className="baseline" />
      {months.map((month) => (
        <g key={month}>
          <line x1={x(month)} x2={x(month)} y1={28} y2={42} className="grid" />
          <text x={x(month)} y={60} className="axis" textAnchor="middle">
            {new Date(month).toLocaleDateString(undefined, { month: 'short', year: '2-digit' })}
          </text>
        </g>
      ))}
      {documents.map((document, index) => {
        const typeIndex = requestTypes.indexOf(document.requestType ?? 'other');
        return (
          <circle
            key={`${documentIdOf(document)}-${index}`}
            cx={x(new Date(document.receivedAt).getTime())}
            cy={35}
            r={7}
            fill={palette[(typeIndex < 0 ? 9 : typeIndex) % palette.length]}
            stroke="#fff"
            strokeWidth={2}
            className="timeline-dot"
            onClick={() => navigate(`/documents/${documentIdOf(document)}`)}
          >
            <title>{`${formatDate(document.receivedAt)} · ${label('type', document.requestType)}`}</title>
          </circle>
        );
      })}
    </svg>
    </div>
  );
}

export function CustomerPage({ customerNumber }: { customerNumber: string }) {
  const { api } = useSession();
  const { t, label, formatDate } = useI18n();
  const state = useAsync(() => api.customer(customerNumber), [api, customerNumber]);
  const documents = useMemo(() => [...(state.data?.documents ?? [])].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt)), [state.data]);
  const [typeFilter, setTypeFilter] = useState('');

  if (state.error) return <ErrorNotice error={state.error} />;
  if (!state.data) return <Loading />;
  const { customer } = state.data;
  const name = [customer.firstName, customer.lastName].filter(Boolean).join(' ');
  const shown = typeFilter ? documents.filter((document) => document.requestType === typeFilter) : documents;
  const typesPresent = [...new Set(documents.map((document) => document.requestType ?? 'other'))];

  // Group the timeline by month of receipt.
  const groups = new Map<string, CustomerDocument[]>();
  for (const document of shown) {
    const key = document.receivedAt.slice(0, 7);
    groups.set(key, [...(groups.get(key) ?? []), document]);
  }

  return (
    <div className="customer-page">
      <div className="customer-card">
        <div>
          <h1>{customer.company ?? name}</h1>
          {customer.company && name && <div className="muted">{name}</div>}
          <div className="muted">{t('customer.title', { number: customer.customerNumber })}</div>
        </div>
        <dl>
          <dt>{t('customer.address')}</dt>
          <dd>
            {customer.street ? `${customer.street}, ` : ''}
            {customer.postalCode} {customer.city}
          </dd>
          {customer.email && (
            <>
              <dt>{t('field.email')}</dt>
              <dd>{customer.email}</dd>
            </>
          )}
          {customer.phone && (
            <>
              <dt>{t('field.phone')}</dt>
              <dd>{customer.phone}</dd>
            </>
          )}
          {customer.segment && (
            <>
              <dt>{t('customer.segment')}</dt>
              <dd>{customer.segment}</dd>
            </>
          )}
        </dl>
        <div className="customer-stat">
          <strong>{documents.length}</strong>
          <span>{t('customer.letters')}</span>
        </div>
      </div>
      <h2>{t('customer.timeline')}</h2>
      <TimelineStrip documents={documents} />
      <div className="chips">
        <button type="button" className={typeFilter === '' ? 'chip active' : 'chip'} onClick={() => setTypeFilter('')}>
          {t('common.all')}
        </button>
        {typesPresent.map((type) => (
          <button key={type} type="button" className={typeFilter === type ? 'chip active' : 'chip'} onClick={() => setTypeFilter(type)}>
            {label('type', type)}
          </button>
        ))}
      </div>
      {shown.length === 0 && <p className="empty">{t('customer.empty')}</p>}
      <ol className="timeline">
        {[...groups.entries()].map(([month, entries]) => (
          <li key={month} className="timeline-month">
            <h3>{new Date(`${month}-01T00:00:00`).toLocaleDateString(undefined, { month: 'long', year: 'numeric' })}</h3>
            <ol>
              {entries.map((document, index) => (
                <li key={`${documentIdOf(document)}-${index}`} className="timeline-entry">
                  <span className="timeline-marker" style={{ background: palette[Math.max(0, requestTypes.indexOf(document.requestType ?? 'other')) % palette.length] }} />
                  <div className="timeline-body">
                    <div className="timeline-head">
                      <Link to={`/documents/${documentIdOf(document)}`} className="strong">
                        {label('type', document.requestType)}
                      </Link>
                      <span className={`chip channel-${document.channel}`}>{label('channel', document.channel)}</span>
                      <span className="muted">{formatDate(document.receivedAt, true)}</span>
                      {document.status && <span className={`status status-${document.status}`}>{label('status', document.status)}</span>}
                      {document.documentStatus && <span className={`status docstatus-${document.documentStatus}`}>{label('docStatus', document.documentStatus)}</span>}
                      {document.dueAt !== undefined && document.status !== 'closed' && <DueBadge dueAt={document.dueAt ?? null} overdue={document.overdue} />}
                    </div>
                    <div className="snippet-line">
                      <Snippet text={document.snippet} />
                    </div>
                  </div>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </div>
  );
}
