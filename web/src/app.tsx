// The application: asks the server for the session at start, shows the sign-in screen
// when there is none (or whenever the API answers 401), else the shell and the screen of
// the current route.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, setCsrfToken, setUnauthenticatedHandler, type Session } from './api';
import { Link, match, navigate, useLocation } from './router';
import { SessionContext, kRoleLabels, useSession, type SessionContextValue } from './session';
import { kAreas, visibleAreas } from './nav';
import { LoginPage } from './pages/login';
import { CustomersPage } from './pages/customers';
import { CustomerFormPage } from './pages/customer-form';
import { CustomerPage } from './pages/customer';
import { PasswordPage } from './pages/password';
import { SettingsPage } from './pages/settings';
import { SaleFormPage } from './pages/sale-form';
import { ReconciliationPage } from './pages/reconciliation';
import { CollectionPage } from './pages/collection';
import { CreditAreaPage } from './pages/profitability';
import { NotFound } from './pages/common';

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; session: Session } | { kind: 'error'; message: string };

function loginPathFor(path: string, search: string): string {
  const next = path + search;
  if (path === '/entrar' || path === '/' || next === '/clientes') return '/entrar';
  return `/entrar?volta=${encodeURIComponent(next)}`;
}

export function App() {
  const [state, setState] = useState<State>({ kind: 'loading' });
  const location = useLocation();

  const goToLogin = useCallback(() => {
    setCsrfToken('');
    setState({ kind: 'signed-out' });
    if (window.location.pathname !== '/entrar') {
      navigate(loginPathFor(window.location.pathname, window.location.search), { replace: true });
    }
  }, []);

  const load = useCallback(async () => {
    try {
      const session = await api.get<Session>('/api/v1/sessions/current', { ignore401: true });
      setCsrfToken(session.csrf_token);
      setState({ kind: 'signed-in', session });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) goToLogin();
      else setState({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    }
  }, [goToLogin]);

  useEffect(() => {
    setUnauthenticatedHandler(goToLogin);
    void load();
  }, [goToLogin, load]);

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrf_token);
    setState({ kind: 'signed-in', session });
    const back = new URLSearchParams(window.location.search).get('volta');
    navigate(back && back.startsWith('/') && !back.startsWith('//') ? back : '/clientes', { replace: true });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.del('/api/v1/sessions/current');
    } catch {
      // Signed out anyway: the cookie is gone or the session expired.
    }
    setCsrfToken('');
    setState({ kind: 'signed-out' });
    navigate('/entrar', { replace: true });
  }, []);

  const context = useMemo<SessionContextValue | null>(() => {
    if (state.kind !== 'signed-in') return null;
    const permissions = state.session.permissions;
    return { session: state.session, can: (p: string) => permissions.includes(p), signOut };
  }, [state, signOut]);

  useEffect(() => {
    if (state.kind === 'signed-in' && (location.path === '/' || location.path === '/entrar')) {
      navigate('/clientes', { replace: true });
    } else if (state.kind === 'signed-out' && location.path !== '/entrar') {
      navigate(loginPathFor(location.path, window.location.search), { replace: true });
    }
  }, [state, location.path]);

  if (state.kind === 'loading') {
    return <div class="boot" aria-busy="true">Carregando…</div>;
  }
  if (state.kind === 'error') {
    return (
      <div class="boot">
        <p>{state.message}</p>
        <button type="button" onClick={() => void load()}>
          Tentar de novo
        </button>
      </div>
    );
  }
  if (state.kind === 'signed-out' || !context) {
    return <LoginPage onSignedIn={signedIn} />;
  }
  return (
    <SessionContext.Provider value={context}>
      <Shell path={location.path}>
        <Routes path={location.path} />
      </Shell>
    </SessionContext.Provider>
  );
}

function Shell({ path, children }: { path: string; children: ComponentChildren }) {
  const { session, signOut } = useSession();
  const areas = visibleAreas(kAreas, session.permissions);
  return (
    <div class="shell">
      <a class="skip-link" href="#conteudo">
        Ir para o conteúdo
      </a>
      <header class="topbar">
        <div class="brand">
          <span class="logo" aria-hidden="true">F</span>
          <span class="store-name">{session.store.name}</span>
        </div>
        <div class="user-box">
          <span class="user-name" title={session.user.email}>
            {session.user.name}
            <span class="user-role"> · {kRoleLabels[session.user.role] ?? session.user.role}</span>
          </span>
          <Link href="/senha" class="link-quiet">
            Trocar senha
          </Link>
          <button type="button" class="button-quiet" onClick={() => void signOut()}>
            Sair
          </button>
        </div>
      </header>
      <nav class="mainnav" aria-label="Principal">
        <ul>
          {areas.map((a) => {
            const current = path === a.path || path.startsWith(`${a.path}/`);
            return (
              <li key={a.path}>
                <Link href={a.path} aria-current={current ? 'page' : undefined}>
                  {a.area}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <main id="conteudo" class="content">
        {children}
      </main>
    </div>
  );
}

function Routes({ path }: { path: string }) {
  let params: Record<string, string> | null;
  if (path === '/' || path === '/entrar') return null;
  if (path === '/clientes') return <CustomersPage />;
  if (path === '/clientes/novo') return <CustomerFormPage key="novo" />;
  if ((params = match('/clientes/:id/editar', path))) return <CustomerFormPage key={`edit-${params.id}`} id={params.id} />;
  if ((params = match('/clientes/:id', path))) return <CustomerPage key={params.id} id={params.id} />;
  if (path === '/vendas' || path === '/vendas/nova') return <SaleFormPage key={window.location.search} />;
  if (path === '/conciliacao') return <ReconciliationPage />;
  if (path === '/cobranca' || path.startsWith('/cobranca/')) return <CollectionPage path={path} />;
  if (path === '/credito' || path.startsWith('/credito/')) return <CreditAreaPage path={path} />;
  if (path === '/senha') return <PasswordPage />;
  if (path === '/configuracoes' || path.startsWith('/configuracoes/')) return <SettingsPage path={path} />;
  const area = kAreas.find((a) => path === a.path || path.startsWith(`${a.path}/`));
  if (area && !area.built) return <NotFound message={`A área ${area.area} ainda não está disponível.`} />;
  return <NotFound />;
}

