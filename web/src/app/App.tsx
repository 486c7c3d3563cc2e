import type { ReactNode } from 'react';
import { Layout } from '../components/Layout.tsx';
import { Loading } from '../components/Feedback.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { AdminRoutingPage } from '../pages/AdminRoutingPage.tsx';
import { AdminUsersPage } from '../pages/AdminUsersPage.tsx';
import { CustomerPage } from '../pages/CustomerPage.tsx';
import { DashboardPage } from '../pages/DashboardPage.tsx';
import { DocumentPage } from '../pages/DocumentPage.tsx';
import { InboxPage } from '../pages/InboxPage.tsx';
import { LoginPage } from '../pages/LoginPage.tsx';
import { SearchPage } from '../pages/SearchPage.tsx';
import { UploadPage } from '../pages/UploadPage.tsx';
import { matchPath, useRouter } from './router.tsx';
import { useSession } from './session.tsx';

function Routes(): ReactNode {
  const { path } = useRouter();
  const { t } = useI18n();
  let params: Record<string, string> | null;
  if (path === '/' || path === '') return <InboxPage />;
  if ((params = matchPath('/queues/:queueId', path))) return <InboxPage key={params.queueId} queueId={params.queueId} />;
  if ((params = matchPath('/documents/:documentId', path))) return <DocumentPage key={params.documentId} documentId={params.documentId ?? ''} />;
  if ((params = matchPath('/customers/:customerNumber', path))) return <CustomerPage key={params.customerNumber} customerNumber={params.customerNumber ?? ''} />;
  if (path === '/search') return <SearchPage />;
  if (path === '/upload') return <UploadPage />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/admin/users') return <AdminUsersPage />;
  if (path === '/admin/routing') return <AdminRoutingPage />;
  return <p className="empty">{t('notFound')}</p>;
}

export function App() {
  const { user, checking } = useSession();
  if (checking) return <Loading />;
  if (!user) return <LoginPage />;
  return (
    <Layout>
      <Routes />
    </Layout>
  );
}
