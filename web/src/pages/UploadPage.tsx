import { useEffect, useRef, useState, type DragEvent } from 'react';
import { Link } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';

interface UploadEntry {
  key: string;
  name: string;
  size: number;
  loaded: number;
  total: number;
  phase: 'uploading' | 'processing' | 'done' | 'failed';
  documentId?: string;
  documentStatus?: string;
  requestType?: string | null;
  queue?: string | null;
  error?: string;
}

const inFlight = new Set(['received', 'processing']);

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function UploadPage() {
  const { api } = useSession();
  const { t, label } = useI18n();
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const counter = useRef(0);
  const queues = useAsync(() => api.queues(), [api]);
  const queueName = (id: string | null | undefined) => (id ? (queues.data?.find((queue) => queue.id === id)?.name ?? id) : t('common.none'));

  const update = (key: string, patch: Partial<UploadEntry>) => setEntries((previous) => previous.map((entry) => (entry.key === key ? { ...entry, ...patch } : entry)));

  const start = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const key = `${Date.now()}-${counter.current++}`;
      setEntries((previous) => [{ key, name: file.name, size: file.size, loaded: 0, total: file.size, phase: 'uploading' }, ...previous]);
      const { promise } = api.uploadDocument(file, (loaded, total) => update(key, { loaded, total: total || file.size }));
      promise.then(
        (accepted) => update(key, { phase: 'processing', loaded: file.size, documentId: accepted.id, documentStatus: accepted.status }),
        (error: unknown) => update(key, { phase: 'failed', error: error instanceof Error ? error.message : String(error) }),
      );
    }
  };

  // Follow uploaded documents through the pipeline until they are routed (or stop).
  useEffect(() => {
    const pending = entries.filter((entry) => entry.phase === 'processing' && entry.documentId);
    if (pending.length === 0) return;
    const timer = window.setTimeout(() => {
      for (const entry of pending) {
        api
          .document(entry.documentId ?? '')
          .then((document) => {
            const finished = !inFlight.has(document.status);
            update(entry.key, { documentStatus: document.status, requestType: document.requestType, queue: document.queue, phase: finished ? 'done' : 'processing' });
          })
          .catch(() => undefined);
      }
    }, 1500);
    return () => window.clearTimeout(timer);
  }, [api, entries]);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) start(event.dataTransfer.files);
  };

  return (
    <div className="upload-page">
      <h1>{t('upload.title')}</h1>
      <div
        className={dragging ? 'dropzone dragging' : 'dropzone'}
        role="button"
        tabIndex={0}
        onClick={() => input.current?.click()}
        onKeyDown={(event) => (event.key === 'Enter' || event.key === ' ') && input.current?.click()}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="dropzone"
      >
        <svg width="40" height="40" viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 16V4m0 0l-5 5m5-5l5 5M4 20h16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <strong>{t('upload.drop')}</strong>
        <span className="muted">{t('upload.hint')}</span>
        <input
          ref={input}
          type="file"
          multiple
          hidden
          accept=".pdf,.tif,.tiff,.png,.jpg,.jpeg,.eml,application/pdf,image/*,message/rfc822"
          onChange={(event) => {
            if (event.target.files) start(event.target.files);
            event.target.value = '';
          }}
          data-testid="file-input"
        />
      </div>
      <ul className="uploads">
        {entries.map((entry) => {
          const percent = entry.total > 0 ? Math.round((entry.loaded / entry.total) * 100) : 0;
          return (
            <li key={entry.key} className={`upload upload-${entry.phase}`} data-phase={entry.phase}>
              <div className="upload-head">
                <strong className="ellipsis">{entry.name}</strong>
                <span className="muted">{formatSize(entry.size)}</span>
                <span className="spacer" />
                <span className="upload-phase">{t(`upload.${entry.phase}`)}</span>
                {entry.documentStatus && <span className={`status docstatus-${entry.documentStatus}`}>{label('docStatus', entry.documentStatus)}</span>}
              </div>
              <div className="progress" role="progressbar" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100}>
                <span style={{ width: `${entry.phase === 'uploading' ? percent : 100}%` }} className={entry.phase === 'processing' ? 'indeterminate' : undefined} />
              </div>
              <div className="upload-foot small">
                {entry.phase === 'uploading' && <span>{percent} %</span>}
                {entry.error && <span className="error-text">{entry.error}</span>}
                {entry.phase === 'done' && (
                  <span>
                    {label('type', entry.requestType)} → {queueName(entry.queue)}
                  </span>
                )}
                {entry.documentId && (
                  <Link to={`/documents/${entry.documentId}`} className="upload-open">
                    {t('upload.open')}
                  </Link>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
