import { useEffect, useMemo, useRef, useState } from 'react';
import type { DocumentDetail } from '../api/types.ts';
import { Link, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { useHotkeys } from '../app/useHotkeys.ts';
import { ErrorNotice, Loading } from '../components/Feedback.tsx';
import { PageViewer, termsOf } from '../components/PageViewer.tsx';
import { RecognitionPanel, type RecognitionPanelHandle } from '../components/RecognitionPanel.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const inFlight = new Set(['received', 'processing']);

export function DocumentPage({ documentId }: { documentId: string }) {
  const { api, can } = useSession();
  const { t, label, formatDate } = useI18n();
  const { search } = useRouter();
  const documentState = useAsync(() => api.document(documentId), [api, documentId]);
  const history = useAsync(() => api.history(documentId), [api, documentId]);
  const queues = useAsync(() => api.queues(), [api]);
  const [pageNo, setPageNo] = useState(1);
  const [zoom, setZoom] = useState(1);
  const [rotate, setRotate] = useState(0);
  const [showText, setShowText] = useState(false);
  const [highlight, setHighlight] = useState(search.get('q') ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const [forwardTarget, setForwardTarget] = useState('');
  const [showFullText, setShowFullText] = useState(false);
  const panel = useRef<RecognitionPanelHandle>(null);
  const document = documentState.data;
  const readOnly = !can('admin', 'supervisor', 'agent');
  const terms = useMemo(() => termsOf(highlight), [highlight]);

  // While the pipeline still works on the document, look again every 2 s.
  const { reload } = documentState;
  useEffect(() => {
    if (!document || !inFlight.has(document.status)) return;
    const timer = window.setTimeout(reload, 2000);
    return () => window.clearTimeout(timer);
  }, [document, reload]);

  const pages = document?.pageList ?? [];
  useHotkeys({
    t: () => panel.current?.focusType(),
    c: () => panel.current?.focusCustomer(),
    e: () => panel.current?.editFields(),
    'Ctrl+Enter': () => panel.current?.save(),
    Escape: () => panel.current?.discard(),
    '+': () => setZoom((value) => Math.min(3, value + 0.25)),
    '=': () => setZoom((value) => Math.min(3, value + 0.25)),
    '-': () => setZoom((value) => Math.max(0.5, value - 0.25)),
    r: () => setRotate((value) => (value + 90) % 360),
    o: () => setShowText((value) => !value),
    PageDown: () => setPageNo((value) => Math.min(pages.length, value + 1)),
    PageUp: () => setPageNo((value) => Math.max(1, value - 1)),
  });

  const act = async (run: () => Promise<unknown>) => {
    setMessage(null);
    try {
      await run();
      documentState.reload();
      history.reload();
    } catch (caught) {
      setMessage(caught instanceof Error ? caught.message : String(caught));
    }
  };

  const onSaved = (updated: DocumentDetail | null) => {
    if (updated && updated.pageList) documentState.setData(updated);
    else documentState.reload();
    history.reload();
  };

  if (documentState.error) return <ErrorNotice error={documentState.error} />;
  if (!document) return <Loading />;
  const workItem = document.workItem ?? null;
  const otherQueues = (queues.data ?? []).filter((queue) => queue.id !== document.queue);

  return (
    <div className="document-page">
      <div className="toolbar">
        <button type="button" onClick={() => window.history.back()}>
          ← {t('viewer.back')}
        </button>
        <h1 className="doc-title" title={document.source}>
          {label('type', document.requestType)}
        </h1>
        <span className={`status docstatus-${document.status}`}>{label('docStatus', document.status)}</span>
        <div className="spacer" />
        <div className="segmented">
          <button type="button" title={t('viewer.zoomOut')} onClick={() => setZoom((value) => Math.max(0.5, value - 0.25))}>
            −
          </button>
          <span className="zoom-value">{Math.round(zoom * 100)} %</span>
          <button type="button" title={t('viewer.zoomIn')} onClick={() => setZoom((value) => Math.min(3, value + 0.25))}>
            +
          </button>
        </div>
        <button type="button" title={t('viewer.rotate')} onClick={() => setRotate((value) => (value + 90) % 360)}>
          ⟳ {t('viewer.rotate')}
        </button>
        <label className="check">
          <input type="checkbox" checked={showText} onChange={(event) => setShowText(event.target.checked)} /> {t('viewer.textLayer')}
        </label>
        <input type="search" className="highlight-input" placeholder={t('viewer.highlight')} value={highlight} onChange={(event) => setHighlight(event.target.value)} aria-label={t('viewer.highlight')} />
        {document.pdfUrl && (
          <a className="button" href={document.pdfUrl} target="_blank" rel="noreferrer">
            {t('viewer.pdf')}
          </a>
        )}
        <a className="button" href={`/api/v1/documents/${document.id}/original`}>
          {t('viewer.original')}
        </a>
      </div>
      <div className="document-layout">
        <PageViewer documentId={document.id} pages={pages} pageNo={pageNo} onPage={setPageNo} zoom={zoom} rotate={rotate} showText={showText} terms={terms} />
        <aside className="side-panel" aria-label={t('panel.overview')}>
          <section className="panel-section overview">
            <dl>
              <dt>{t('panel.queue')}</dt>
              <dd data-testid="document-queue">{document.queue ? queues.data?.find((queue) => queue.id === document.queue)?.name ?? document.queue : t('common.none')}</dd>
              <dt>{t('item.channel')}</dt>
              <dd>{label('channel', document.channel)}</dd>
              <dt>{t('item.received')}</dt>
              <dd>{formatDate(document.receivedAt, true)}</dd>
              {workItem && (
                <>
                  <dt>{t('item.status')}</dt>
                  <dd>
                    {label('status', workItem.status)}
                    {workItem.assignee ? ` · ${workItem.assignee.displayName}` : ''}
                  </dd>
                  <dt>{t('item.due')}</dt>
                  <dd className={workItem.overdue ? 'overdue-text' : undefined}>{formatDate(workItem.dueAt)}</dd>
                </>
              )}
              <dt>{t('panel.source')}</dt>
              <dd className="ellipsis" title={document.source}>
                {document.source}
              </dd>
            </dl>
            {document.error && (
              <div className="notice error">
                {t('panel.error')}: {document.error.code} – {document.error.message}
              </div>
            )}
            {!readOnly && (
              <div className="button-row">
                <button type="button" onClick={() => void act(() => api.claim(document.id))}>
                  {t('item.claim')}
                </button>
                <button type="button" onClick={() => void act(() => api.release(document.id))}>
                  {t('item.release')}
                </button>
                <button type="button" onClick={() => void act(() => api.close(document.id))}>
                  {t('item.close')}
                </button>
                <select value={forwardTarget} onChange={(event) => setForwardTarget(event.target.value)} aria-label={t('item.forwardTo')}>
                  <option value="">{t('item.forwardTo')}</option>
                  {otherQueues.map((queue) => (
                    <option key={queue.id} value={queue.id}>
                      {queue.name}
                    </option>
                  ))}
                </select>
                {forwardTarget && (
                  <button type="button" onClick={() => void act(() => api.forward(document.id, forwardTarget))}>
                    {t('item.forward')}
                  </button>
                )}
              </div>
            )}
            {message && <div className="notice error">{message}</div>}
          </section>
          <RecognitionPanel ref={panel} document={document} onSaved={onSaved} readOnly={readOnly} />
          <section className="panel-section">
            <h3>{t('panel.history')}</h3>
            {history.error ? (
              <ErrorNotice error={history.error} />
            ) : (
              <ol className="history">
                {(history.data ?? []).map((entry, index) => (
                  <li key={`${entry.at}-${index}`}>
                    <time>{formatDate(entry.at, true)}</time> <strong>{label('action', entry.action)}</strong>
                    {entry.actor ? ` · ${entry.actor.displayName}` : ''}
                    {entry.details && typeof entry.details === 'object' && Object.keys(entry.details).length > 0 ? <div className="small muted">{describeDetails(entry.details as Record<string, unknown>)}</div> : null}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="panel-section">
            <h3>
              <button type="button" className="link" onClick={() => setShowFullText((value) => !value)}>
                {showFullText ? '▾' : '▸'} {t('viewer.fullText')}
              </button>
            </h3>
            {showFullText && <pre className="full-text">{document.text}</pre>}
          </section>
          <section className="panel-section">
            <h3>{t('panel.pipeline')}</h3>
            <div className="steps">
              {document.steps.map((step) => (
                <span key={step.step} className={`step step-${step.status}`} title={step.error ?? `${step.durationMs ?? '–'} ms`}>
                  {step.step}
                </span>
              ))}
            </div>
            {document.recognition && (
              <div className="small muted">
                {t('panel.routingRule')}: {document.recognition.routingRule}
                {document.recognition.flags.length > 0 ? ` · ${t('panel.flags')}: ${document.recognition.flags.join(', ')}` : ''}
              </div>
            )}
          </section>
          <p className="hint">{t('panel.shortcuts')}</p>
          {document.customerNumber && (
            <p>
              <Link to={`/customers/${document.customerNumber}`}>{t('panel.openCustomer')} →</Link>
            </p>
          )}
        </aside>
      </div>
    </div>
  );
}

function describeDetails(details: Record<string, unknown>): string {
  return Object.entries(details)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}

