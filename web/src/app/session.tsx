import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { createApiClient } from '../api/client.ts';
import { createEndpoints, type Endpoints } from '../api/endpoints.ts';
import type { Role, Session, User } from '../api/types.ts';

interface SessionState {
  api: Endpoints;
  user: User | null;
  /** true until the first /auth/me answered */
  checking: boolean;
  signIn(session: Session): void;
  signOut(): Promise<void>;
  can(...roles: Role[]): boolean;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [client] = useState(createApiClient);
  const api = useMemo(() => createEndpoints(client), [client]);
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);

  const signIn = useCallback(
    (session: Session) => {
      client.setCsrfToken(session.csrfToken);
      setUser(session.user);
    },
    [client],
  );

  useEffect(() => {
    let cancelled = false;
    api
      .me()
      .then((session) => !cancelled && signIn(session))
      .catch(() => undefined)
      .finally(() => !cancelled && setChecking(false));
    const stop = client.onUnauthorized(() => {
      client.setCsrfToken(null);
      setUser(null);
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [api, client, signIn]);

  const signOut = useCallback(async () => {
    await api.logout().catch(() => undefined);
    client.setCsrfToken(null);
    setUser(null);
  }, [api, client]);

  const value = useMemo<SessionState>(
    () => ({ api, user, checking, signIn, signOut, can: (...roles) => (user ? roles.includes(user.role) : false) }),
    [api, user, checking, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

export function useApi(): Endpoints {
  return useSession().api;
}
