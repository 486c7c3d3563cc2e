import type { ReactNode } from 'react';
import { Link, useRouter } from '../app/router.tsx';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/de.ts';
import type { Role } from '../api/types.ts';

interface NavEntry {
  to: string;
  label: MessageKey;
  roles?: Role[];
  active: (path: string) => boolean;
}

const entries: NavEntry[] = [
  { to: '/', label: 'nav.inbox', active: (path) => path === '/' || path.startsWith('/queues') || path.startsWith('/documents') },
  { to: '/search', label: 'nav.search', active: (path) => path.startsWith('/search') || path.startsWith('/customers') },
  { to: '/upload', label: 'nav.upload', roles: ['admin', 'supervisor', 'agent'], active: (path) => path.startsWith('/upload') },
  { to: '/dashboard', label: 'nav.dashboard', roles: ['admin', 'supervisor'], active: (path) => path.startsWith('/dashboard') },
  { to: '/admin/users', label: 'nav.users', roles: ['admin'], active: (path) => path.startsWith('/admin/users') },
  { to: '/admin/routing', label: 'nav.routing', roles: ['admin', 'supervisor'], active: (path) => path.startsWith('/admin/routing') },
];

export function Layout({ children }: { children: ReactNode }) {
  const { user, signOut, can } = useSession();
  const { t, locale, setLocale, label } = useI18n();
  const { path } = useRouter();
  return (
    <div className="shell">
      <header className="topbar">
        <Link to="/" className="brand">
          <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
            <rect x="2" y="5" width="20" height="14" rx="2" fill="none" stroke="currentColor" strokeWidth="2" />
            <path d="M3 6l9 7 9-7" fill="none" stroke="currentColor" strokeWidth="2" />
          </svg>
          <span>{t('app.name')}</span>
        </Link>
        <nav className="mainnav" aria-label="main">
          {entries
            .filter((entry) => !entry.roles || can(...entry.roles))
            .map((entry) => (
              <Link key={entry.to} to={entry.to} className={entry.active(path) ? 'active' : undefined}>
                {t(entry.label)}
              </Link>
            ))}
        </nav>
        <div className="topbar-right">
          <a href="/docs" className="muted-link">
            {t('nav.api')}
          </a>
          <select aria-label={t('nav.language')} value={locale} onChange={(event) => setLocale(event.target.value === 'en' ? 'en' : 'de')}>
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
          {user && (
            <span className="user" title={label('role', user.role)}>
              {user.displayName} <span className="role">{label('role', user.role)}</span>
            </span>
          )}
          <button type="button" className="ghost" onClick={() => void signOut()}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
    </div>
  );
}
