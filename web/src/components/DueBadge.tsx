import { useI18n } from '../i18n/i18n.tsx';

const dayMs = 24 * 60 * 60 * 1000;

/** The SLA due date with how far away it is; overdue items stand out. */
export function DueBadge({ dueAt, overdue }: { dueAt: string | null; overdue?: boolean }) {
  const { t, formatDate } = useI18n();
  if (!dueAt) return <span className="muted">{t('common.none')}</span>;
  // A due date is a calendar day (YYYY-MM-DD): read it as local midnight, not UTC.
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dueAt);
  const due = dateOnly ? new Date(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3])) : new Date(dueAt);
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  const dueDay = new Date(due);
  dueDay.setHours(0, 0, 0, 0);
  const days = Math.round((dueDay.getTime() - today.getTime()) / dayMs);
  const isOverdue = overdue ?? days < 0;
  const relative = days === 0 ? t('time.today') : days > 0 ? t('time.daysLeft', { count: days }) : t('time.daysOver', { count: -days });
  const kind = isOverdue ? 'overdue' : days === 0 ? 'today' : days <= 1 ? 'soon' : 'ok';
  return (
    <span className={`due due-${kind}`} title={formatDate(dueAt, true)}>
      {isOverdue && <span className="dot" aria-label={t('item.overdue')} />}
      {formatDate(dueAt)} <span className="rel">{relative}</span>
    </span>
  );
}
