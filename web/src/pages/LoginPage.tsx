import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client.ts';
import { useSession } from '../app/session.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function LoginPage() {
  const { api, signIn } = useSession();
  const { t, locale, setLocale } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await api.login(username, password);
      if (session.user.locale === 'en' || session.user.locale === 'de') setLocale(session.user.locale);
      signIn(session);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 401) setError(t('login.invalid'));
      else if (caught instanceof ApiError && caught.status === 429) setError(t('login.tooMany'));
      else setError(t('login.failed', { message: caught instanceof Error ? caught.message : String(caught) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-screen">
      <form className="login-card" onSubmit={(event) => void submit(event)}>
        <div className="login-brand">
          <h1>{t('app.name')}</h1>
          <p>{t('app.tagline')}</p>
        </div>
        <h2>{t('login.title')}</h2>
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
        </label>
        {error && (
          <div className="notice error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t('login.submit')}
        </button>
        <div className="login-lang">
          <button type="button" className={locale === 'de' ? 'link active' : 'link'} onClick={() => setLocale('de')}>
            Deutsch
          </button>
          ·
          <button type="button" className={locale === 'en' ? 'link active' : 'link'} onClick={() => setLocale('en')}>
            English
          </button>
        </div>
      </form>
    </div>
  );
}
