import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** An error as the user should read it; a missing endpoint says so instead of a raw 404. */
export function ErrorNotice({ error }: { error: Error | null | undefined }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && (error.status === 404 || error.status === 501) && (error.code === 'not_found' || error.code.startsWith('http.'))) {
    return <div className="notice warn">{t('common.notAvailable', { code: `${error.status}` })}</div>;
  }
  const code = error instanceof ApiError ? ` (${error.code})` : '';
  return <div className="notice error" role="alert">{t('common.error', { message: `${error.message}${code}` })}</div>;
}

export function Loading() {
  const { t } = useI18n();
  return <div className="loading">{t('common.loading')}</div>;
}

/** Renders a search snippet whose only markup is <mark>…</mark>, without trusting any other HTML. */
export function Snippet({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  const parts = text.split(/(<mark>|<\/mark>)/);
  let marked = false;
  const nodes: ReactNode[] = [];
  parts.forEach((part, index) => {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) nodes.push(marked ? <mark key={index}>{part}</mark> : part);
  });
  return <span className="snippet">{nodes}</span>;
}

export function ConfidenceBar({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined) return null;
  const percent = Math.round(value * 100);
  const level = value >= 0.85 ? 'high' : value >= 0.6 ? 'mid' : 'low';
  return (
    <span className={`confidence ${level}`} title={`${percent} %`}>
      <span className="bar">
        <span style={{ width: `${percent}%` }} />
      </span>
      <span className="value">{percent} %</span>
    </span>
  );
}
