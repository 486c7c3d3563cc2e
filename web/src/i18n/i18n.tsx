import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Locale } from '../api/types.ts';
import { de, type MessageKey } from './de.ts';
import { en } from './en.ts';

const catalogs: Record<Locale, Record<MessageKey, string>> = { de, en };
const storageKey = 'poststelle.locale';

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A label from a dynamic family (request types, channels …); falls back to the raw value. */
  label(prefix: 'type' | 'channel' | 'status' | 'docStatus' | 'match' | 'field' | 'role' | 'action', value: string | null | undefined): string;
  formatDate(iso: string | null | undefined, withTime?: boolean): string;
  formatNumber(value: number, digits?: number): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(storageKey) : null;
  return stored === 'en' || stored === 'de' ? stored : 'de';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(storageKey, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalog = catalogs[locale];
    const t = (key: MessageKey, vars?: Record<string, string | number>) => {
      const template = catalog[key] ?? key;
      return vars ? template.replace(/\{(\w+)\}/g, (_match, name: string) => String(vars[name] ?? `{${name}}`)) : template;
    };
    const dateFormat = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium' });
    const dateTimeFormat = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
    return {
      locale,
      setLocale,
      t,
      label: (prefix, value) => {
        if (value === null || value === undefined || value === '') return prefix === 'type' ? catalog['type.unknown'] : catalog['common.none'];
        const key = `${prefix}.${value}` as MessageKey;
        return catalog[key] ?? value;
      },
      formatDate: (iso, withTime = false) => {
        if (!iso) return catalog['common.none'];
        const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00` : iso);
        if (Number.isNaN(date.getTime())) return iso;
        return (withTime ? dateTimeFormat : dateFormat).format(date);
      },
      formatNumber: (number, digits = 0) => number.toLocaleString(locale === 'de' ? 'de-DE' : 'en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
