import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import type { CustomerSummary, DocumentDetail, RecognitionCorrection } from '../api/types.ts';
import { Link } from '../app/router.tsx';
import { useApi } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/de.ts';
import { ConfidenceBar } from './Feedback.tsx';

export const requestTypes = [
  'cancellation',
  'contract_renewal',
  'tariff_change',
  'customer_data_change',
  'bank_details_change',
  'invoice_complaint',
  'number_porting',
  'contract_documents',
  'general_inquiry',
  'other',
];

const fieldNames = ['customerNumber', 'contractNumber', 'firstName', 'lastName', 'company', 'street', 'postalCode', 'city', 'newStreet', 'newPostalCode', 'newCity', 'iban', 'phone', 'email', 'desiredDate', 'birthDate'] as const;

export interface RecognitionPanelHandle {
  focusType(): void;
  focusCustomer(): void;
  editFields(): void;
  save(): void;
  discard(): void;
}

interface Draft {
  requestType: string;
  secondary: string[];
  fields: Record<string, string>;
  customerNumber: string | null;
}

function draftOf(document: DocumentDetail): Draft {
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(document.fields ?? {})) if (value !== null && value !== undefined) fields[key] = String(value);
  return {
    requestType: document.requestType ?? '',
    secondary: document.secondaryRequestTypes ?? [],
    fields,
    customerNumber: document.customerNumber,
  };
}

/** The difference between what was recognised and what the agent says: only changed parts are sent. */
function correctionOf(original: Draft, draft: Draft): RecognitionCorrection | null {
  const correction: RecognitionCorrection = {};
  if (draft.requestType && draft.requestType !== original.requestType) correction.requestType = draft.requestType;
  if (draft.secondary.join(',') !== original.secondary.join(',')) correction.secondaryRequestTypes = draft.secondary;
  const changedFields: Record<string, string | null> = {};
  for (const name of new Set([...Object.keys(original.fields), ...Object.keys(draft.fields)])) {
    const before = original.fields[name] ?? '';
    const after = (draft.fields[name] ?? '').trim();
    if (before !== after) changedFields[name] = after === '' ? null : after;
  }
  if (Object.keys(changedFields).length > 0) correction.fields = changedFields;
  if (draft.customerNumber !== original.customerNumber) correction.customerNumber = draft.customerNumber;
  return Object.keys(correction).length > 0 ? correction : null;
}

export const RecognitionPanel = forwardRef<RecognitionPanelHandle, { document: DocumentDetail; onSaved(document: DocumentDetail | null): void; readOnly: boolean }>(function RecognitionPanel({ document, onSaved, readOnly }, ref) {
  const api = useApi();
  const { t, label, formatNumber } = useI18n();
  const original = useMemo(() => draftOf(document), [document]);
  const [draft, setDraft] = useState<Draft>(original);
  const [editingFields, setEditingFields] = useState(false);
  const [customerQuery, setCustomerQuery] = useState('');
  const [customerHits, setCustomerHits] = useState<CustomerSummary[]>([]);
  const [status, setStatus] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [saving, setSaving] = useState(false);
  const typeRef = useRef<HTMLSelectElement>(null);
  const customerRef = useRef<HTMLInputElement>(null);
  const fieldsRef = useRef<HTMLDivElement>(null);

  useEffect(() => setDraft(original), [original]);

  useEffect(() => {
    if (customerQuery.trim().length < 2) {
      setCustomerHits([]);
      return;
    }
    let cancelled = false;
    const timer = window.setTimeout(() => {
      api
        .customers(customerQuery.trim())
        .then((hits) => !cancelled && setCustomerHits(hits.slice(0, 8)))
        .catch(() => !cancelled && setCustomerHits([]));
    }, 200);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, customerQuery]);

  const correction = correctionOf(original, draft);

  const save = async () => {
    if (!correction || saving || readOnly) return;
    setSaving(true);
    setStatus(null);
    try {
      const updated = await api.correctRecognition(document.id, correction);
      setStatus({ kind: 'info', text: t('panel.corrected') });
      setEditingFields(false);
      onSaved(updated && typeof updated === 'object' && 'id' in updated ? updated : null);
    } catch (caught) {
      setStatus({ kind: 'error', text: caught instanceof Error ? caught.message : String(caught) });
    } finally {
      setSaving(false);
    }
  };

  useImperativeHandle(ref, () => ({
    focusType: () => typeRef.current?.focus(),
    focusCustomer: () => customerRef.current?.focus(),
    editFields: () => {
      setEditingFields(true);
      window.setTimeout(() => fieldsRef.current?.querySelector('input')?.focus(), 0);
    },
    save: () => void save(),
    discard: () => {
      setDraft(original);
      setEditingFields(false);
      setCustomerQuery('');
    },
  }));

  const recognition = document.recognition;
  const probabilities = Object.entries(recognition?.probabilities ?? {})
    .filter(([, probability]) => probability >= 0.01)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4);
  const shownFields = fieldNames.filter((name) => editingFields || (draft.fields[name] ?? '') !== '' || (original.fields[name] ?? '') !== '');

  return (
    <div className="recognition-panel">
      <section className="panel-section">
        <h3>
          {t('panel.requestType')} <kbd>t</kbd>
        </h3>
        <div className="row">
          <select ref={typeRef} aria-label={t('panel.requestType')} value={draft.requestType} disabled={readOnly} onChange={(event) => setDraft({ ...draft, requestType: event.target.value })} data-testid="request-type">
            {!draft.requestType && <option value="">{t('type.unknown')}</option>}
            {requestTypes.map((type) => (
              <option key={type} value={type}>
                {label('type', type)}
              </option>
            ))}
          </select>
          <ConfidenceBar value={document.requestTypeConfidence} />
        </div>
        {probabilities.length > 0 && (
          <div className="probabilities" title={t('panel.probabilities')}>
            {probabilities.map(([type, probability]) => (
              <button key={type} type="button" className="link small" disabled={readOnly} onClick={() => setDraft({ ...draft, requestType: type })}>
                {label('type', type)} {formatNumber(probability * 100)} %
              </button>
            ))}
          </div>
        )}
        {draft.secondary.length > 0 && (
          <div className="small muted">
            {t('panel.secondary')}: {draft.secondary.map((type) => label('type', type)).join(', ')}
          </div>
        )}
      </section>

      <section className="panel-section">
        <h3>
          {t('panel.customer')} <kbd>c</kbd>
        </h3>
        <div className="customer-current">
          {draft.customerNumber ? (
            <>
              <Link to={`/customers/${draft.customerNumber}`} className="strong" data-testid="customer-number">
                {draft.customerNumber}
              </Link>
              <span className={`chip match-${draft.customerNumber === original.customerNumber ? document.matchStatus : 'manual'}`}>{label('match', draft.customerNumber === original.customerNumber ? document.matchStatus : 'manual')}</span>
              {!readOnly && (
                <button type="button" className="link small" onClick={() => setDraft({ ...draft, customerNumber: null })}>
                  {t('panel.removeCustomer')}
                </button>
              )}
            </>
          ) : (
            <span className="muted">{t('panel.noCustomer')}</span>
          )}
        </div>
        {recognition?.match.explanation && (
          <p className="explanation">
            <strong>{t('panel.explanation')}:</strong> {recognition.match.explanation}
          </p>
        )}
        {(recognition?.match.candidates.length ?? 0) > 0 && (
          <table className="candidates">
            <caption>{t('panel.candidates')}</caption>
            <tbody>
              {recognition?.match.candidates.slice(0, 4).map((candidate) => (
                <tr key={candidate.customerNumber} className={candidate.customerNumber === draft.customerNumber ? 'chosen' : undefined}>
                  <td>
                    <Link to={`/customers/${candidate.customerNumber}`}>{candidate.customerNumber}</Link>
                    <div className="small">
                      {candidate.agreements.length > 0 && <span className="agree">✓ {candidate.agreements.map((name) => labelField(t, name)).join(', ')}</span>}
                      {candidate.conflicts.length > 0 && <span className="conflict"> ✗ {candidate.conflicts.map((name) => labelField(t, name)).join(', ')}</span>}
                    </div>
                  </td>
                  <td className="nowrap">{formatNumber(candidate.probability * 100)} %</td>
                  <td>
                    {!readOnly && candidate.customerNumber !== draft.customerNumber && (
                      <button type="button" className="small" onClick={() => setDraft({ ...draft, customerNumber: candidate.customerNumber })}>
                        {t('panel.choose')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!readOnly && (
          <div className="customer-search">
            <input ref={customerRef} type="search" placeholder={t('panel.findCustomer')} value={customerQuery} onChange={(event) => setCustomerQuery(event.target.value)} />
            {customerHits.length > 0 && (
              <ul className="customer-hits">
                {customerHits.map((hit) => (
                  <li key={hit.customerNumber}>
                    <button
                      type="button"
                      onClick={() => {
                        setDraft({ ...draft, customerNumber: hit.customerNumber });
                        setCustomerQuery('');
                      }}
                    >
                      <strong>{hit.customerNumber}</strong> {[hit.firstName, hit.lastName].filter(Boolean).join(' ')} {hit.company ? `(${hit.company})` : ''} · {hit.postalCode} {hit.city}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </section>

      <section className="panel-section">
        <h3>
          {t('panel.fields')} <kbd>e</kbd>
          {!readOnly && !editingFields && (
            <button type="button" className="link small" onClick={() => setEditingFields(true)}>
              {t('common.edit')}
            </button>
          )}
        </h3>
        <div className="fields" ref={fieldsRef}>
          {shownFields.map((name) => (
            <label key={name} className={(draft.fields[name] ?? '') !== (original.fields[name] ?? '') ? 'changed' : undefined}>
              <span>{t(`field.${name}` as MessageKey)}</span>
              {editingFields ? (
                <input value={draft.fields[name] ?? ''} onChange={(event) => setDraft({ ...draft, fields: { ...draft.fields, [name]: event.target.value } })} />
              ) : (
                <span className="value">{draft.fields[name] || t('common.none')}</span>
              )}
            </label>
          ))}
        </div>
      </section>

      {!readOnly && (
        <div className="panel-actions">
          {correction && <span className="unsaved">{t('panel.unsaved')}</span>}
          <button type="button" className="primary" disabled={!correction || saving} onClick={() => void save()} data-testid="save-correction">
            {t('common.save')} <kbd>Ctrl+Enter</kbd>
          </button>
          <button type="button" disabled={!correction && !editingFields} onClick={() => { setDraft(original); setEditingFields(false); }}>
            {t('common.cancel')}
          </button>
        </div>
      )}
      {status && <div className={`notice ${status.kind}`} role="status">{status.text}</div>}
    </div>
  );
});

function labelField(t: (key: MessageKey) => string, name: string): string {
  const key = `field.${name}` as MessageKey;
  const text = t(key);
  return text === key ? name : text;
}
