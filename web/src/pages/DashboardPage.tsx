import { useMemo, useState } from 'react';
import type { Dashboard } from '../api/types.ts';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { HorizontalBars, LineChart, Ring, StackedColumns, type Series } from '../components/charts.tsx';
import { ErrorNotice, Loading } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const dayMs = 24 * 60 * 60 * 1000;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let time = new Date(`${from}T00:00:00Z`).getTime(); time <= new Date(`${to}T00:00:00Z`).getTime(); time += dayMs) days.push(isoDay(new Date(time)));
  return days;
}

function volumeSeries(dashboard: Dashboard, days: string[], by: 'channel' | 'requestType', labelOf: (value: string) => string): Series[] {
  const totals = new Map<string, Map<string, number>>();
  for (const row of dashboard.volumeByDay) {
    const key = (by === 'channel' ? row.channel : row.requestType) ?? 'other';
    const perDay = totals.get(key) ?? new Map<string, number>();
    const day = row.day.slice(0, 10);
    perDay.set(day, (perDay.get(day) ?? 0) + row.count);
    totals.set(key, perDay);
  }
  return [...totals.entries()]
    .map(([key, perDay]) => ({ key, label: labelOf(key), values: days.map((day) => perDay.get(day) ?? 0) }))
    .sort((a, b) => b.values.reduce((s, v) => s + v, 0) - a.values.reduce((s, v) => s + v, 0));
}

export function DashboardPage() {
  const { api } = useSession();
  const { t, label, formatNumber, locale } = useI18n();
  const [rangeDays, setRangeDays] = useState(30);
  const [by, setBy] = useState<'channel' | 'requestType'>('channel');
  const to = isoDay(new Date());
  const from = isoDay(new Date(Date.now() - (rangeDays - 1) * dayMs));
  const state = useAsync(() => api.dashboard(from, to), [api, from, to]);
  const queues = useAsync(() => api.queues(), [api]);
  const days = useMemo(() => daysBetween(from, to), [from, to]);
  const dayLabels = useMemo(() => days.map((day) => new Date(`${day}T12:00:00Z`).toLocaleDateString(locale === 'de' ? 'de-DE' : 'en-GB', { day: '2-digit', month: '2-digit' })), [days, locale]);
  const dashboard = state.data;

  const series = useMemo(() => (dashboard ? volumeSeries(dashboard, days, by, (value) => label(by === 'channel' ? 'channel' : 'type', value)) : []), [dashboard, days, by, label]);
  const totalVolume = series.reduce((sum, entry) => sum + entry.values.reduce((s, v) => s + v, 0), 0);
  const queueName = (id: string) => queues.data?.find((queue) => queue.id === id)?.name ?? id;
  const breaches = useMemo(() => {
    const perDay = new Map((dashboard?.slaBreaches ?? []).map((row) => [row.day.slice(0, 10), row.count]));
    return days.map((day, index) => ({ label: dayLabels[index] ?? day, value: perDay.get(day) ?? 0 }));
  }, [dashboard, days, dayLabels]);
  const breachTotal = breaches.reduce((sum, point) => sum + point.value, 0);
  const hours = (value: number | null) => (value === null ? '–' : t('dashboard.hours', { value: formatNumber(value, 1) }));

  return (
    <div className="dashboard">
      <div className="toolbar">
        <h1>{t('dashboard.title')}</h1>
        <div className="spacer" />
        <span className="muted">{t('dashboard.range')}</span>
        <div className="segmented">
          {[7, 30, 90].map((value) => (
            <button key={value} type="button" className={rangeDays === value ? 'active' : undefined} onClick={() => setRangeDays(value)}>
              {t(value === 7 ? 'dashboard.days7' : value === 30 ? 'dashboard.days30' : 'dashboard.days90')}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => { state.reload(); queues.reload(); }}>
          {t('common.refresh')}
        </button>
      </div>
      <ErrorNotice error={state.error} />
      {!dashboard && state.loading && <Loading />}
      {dashboard && (
        <div className="dashboard-grid">
          <section className="card kpi">
            <h2>{t('dashboard.stp')}</h2>
            <Ring value={dashboard.straightThroughRate} label={t('dashboard.stp')} />
            <p className="muted small">{t('dashboard.stpHint')}</p>
          </section>
          <section className="card kpi">
            <h2>{t('dashboard.handling')}</h2>
            <div className="kpi-values">
              <div>
                <span className="kpi-number">{hours(dashboard.handlingTimeHours.p50)}</span>
                <span className="muted">{t('dashboard.p50')}</span>
              </div>
              <div>
                <span className="kpi-number">{hours(dashboard.handlingTimeHours.p90)}</span>
                <span className="muted">{t('dashboard.p90')}</span>
              </div>
            </div>
          </section>
          <section className="card kpi">
            <h2>{t('dashboard.slaBreaches')}</h2>
            <div className="kpi-values">
              <div>
                <span className="kpi-number danger">{breachTotal}</span>
                <span className="muted">{t('dashboard.total', { count: '' }).trim()}</span>
              </div>
              <div>
                <span className="kpi-number">{dashboard.backlog.reduce((sum, row) => sum + row.overdue, 0)}</span>
                <span className="muted">{t('queue.overdue')}</span>
              </div>
            </div>
          </section>
          <section className="card wide" data-testid="volume-chart">
            <div className="card-head">
              <h2>
                {t('dashboard.volume')} <span className="muted">{t('dashboard.total', { count: totalVolume })}</span>
              </h2>
              <div className="segmented">
                <button type="button" className={by === 'channel' ? 'active' : undefined} onClick={() => setBy('channel')}>
                  {t('dashboard.byChannel')}
                </button>
                <button type="button" className={by === 'requestType' ? 'active' : undefined} onClick={() => setBy('requestType')}>
                  {t('dashboard.byType')}
                </button>
              </div>
            </div>
            {totalVolume === 0 ? <p className="empty">{t('dashboard.noData')}</p> : <StackedColumns categories={days} categoryLabels={dayLabels} series={series} title={t('dashboard.volume')} />}
          </section>
          <section className="card half">
            <h2>
              {t('dashboard.backlog')} <span className="legend-inline"><i className="sw open" /> {t('queue.open')} <i className="sw overdue" /> {t('queue.overdue')}</span>
            </h2>
            {dashboard.backlog.length === 0 ? (
              <p className="empty">{t('dashboard.noData')}</p>
            ) : (
              <HorizontalBars title={t('dashboard.backlog')} rows={[...dashboard.backlog].sort((a, b) => b.open - a.open).map((row) => ({ key: row.queueId, label: queueName(row.queueId), value: row.open, highlight: row.overdue }))} />
            )}
          </section>
          <section className="card half">
            <h2>{t('dashboard.slaBreaches')}</h2>
            <LineChart points={breaches} title={t('dashboard.slaBreaches')} />
          </section>
        </div>
      )}
    </div>
  );
}
