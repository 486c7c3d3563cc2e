import { useState, type FormEvent } from 'react';
import type { Role } from '../api/types.ts';
import { useSession } from '../app/session.tsx';
import { useAsync } from '../app/useAsync.ts';
import { ErrorNotice, Loading } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';

const roleList: Role[] = ['admin', 'supervisor', 'agent', 'auditor'];

export function AdminUsersPage() {
  const { api } = useSession();
  const { t, label } = useI18n();
  const users = useAsync(() => api.users(), [api]);
  const [form, setForm] = useState({ username: '', displayName: '', password: '', role: 'agent', locale: 'de' });
  const [error, setError] = useState<Error | null>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await api.createUser(form);
      setForm({ username: '', displayName: '', password: '', role: 'agent', locale: 'de' });
      users.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  const patch = async (userId: string, change: { role?: string; disabled?: boolean }) => {
    setError(null);
    try {
      await api.updateUser(userId, change);
      users.reload();
    } catch (caught) {
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  };

  return (
    <div className="admin-page">
      <h1>{t('admin.users')}</h1>
      <ErrorNotice error={users.error ?? error} />
      {users.loading && !users.data && <Loading />}
      <table className="grid-table">
        <thead>
          <tr>
            <th>{t('login.username')}</th>
            <th>{t('admin.displayName')}</th>
            <th>{t('admin.role')}</th>
            <th>{t('admin.locale')}</th>
            <th>{t('item.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(users.data ?? []).map((user) => (
            <tr key={user.id} className={user.disabled ? 'muted' : undefined}>
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>
                <select value={user.role} onChange={(event) => void patch(user.id, { role: event.target.value })} aria-label={t('admin.role')}>
                  {roleList.map((role) => (
                    <option key={role} value={role}>
                      {label('role', role)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{user.locale}</td>
              <td>{user.disabled ? t('admin.disabled') : ''}</td>
              <td>
                <button type="button" className="small" onClick={() => void patch(user.id, { disabled: !user.disabled })}>
                  {user.disabled ? t('admin.enable') : t('admin.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="card form-grid" onSubmit={(event) => void create(event)}>
        <h2>{t('admin.newUser')}</h2>
        <label>
          {t('login.username')}
          <input required value={form.username} onChange={(event) => setForm({ ...form, username: event.target.value })} />
        </label>
        <label>
          {t('admin.displayName')}
          <input required value={form.displayName} onChange={(event) => setForm({ ...form, displayName: event.target.value })} />
        </label>
        <label>
          {t('login.password')}
          <input required type="password" minLength={10} autoComplete="new-password" value={form.password} onChange={(event) => setForm({ ...form, password: event.target.value })} />
        </label>
        <label>
          {t('admin.role')}
          <select value={form.role} onChange={(event) => setForm({ ...form, role: event.target.value })}>
            {roleList.map((role) => (
              <option key={role} value={role}>
                {label('role', role)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('admin.locale')}
          <select value={form.locale} onChange={(event) => setForm({ ...form, locale: event.target.value })}>
            <option value="de">Deutsch</option>
            <option value="en">English</option>
          </select>
        </label>
        <button type="submit" className="primary">
          {t('common.create')}
        </button>
      </form>
    </div>
  );
}
