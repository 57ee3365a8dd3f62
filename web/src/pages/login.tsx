import { useState } from 'preact/hooks';
import { api, ApiError, type Session } from '../api';
import { Notice, TextField } from '../components/fields';

export function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    if (!email.trim() || !password) {
      setError('Informe o e-mail e a senha.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const session = await api.post<Session>(
        '/api/v1/sessions',
        { email: email.trim(), password },
        { ignore401: true },
      );
      onSignedIn(session);
    } catch (e) {
      if (e instanceof ApiError && e.status === 429) {
        setError(e.problem.detail || 'Muitas tentativas de entrar. Aguarde 15 minutos e tente de novo.');
      } else if (e instanceof ApiError && e.status === 401) {
        setError(e.problem.detail || 'e-mail ou senha incorretos');
      } else {
        setError(e instanceof Error ? e.message : String(e));
      }
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <form class="card login-card" onSubmit={submit} noValidate>
        <div class="login-brand">
          <span class="logo" aria-hidden="true">F</span> Fiado
        </div>
        <h1>Entrar</h1>
        {error ? <Notice kind="error">{error}</Notice> : null}
        <TextField
          label="E-mail"
          field="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onValue={setEmail}
          autoFocus
        />
        <TextField
          label="Senha"
          field="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
        />
        <button type="submit" class="button-primary button-block" disabled={busy}>
          {busy ? 'Entrando…' : 'Entrar'}
        </button>
      </form>
    </main>
  );
}
