import { useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api';
import { Notice, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import { passwordProblem } from '../validate';
import { PageHeader } from './common';

export function PasswordPage() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const found: Errors = {};
    if (!current) found.current_password = 'informe a senha atual';
    const policy = passwordProblem(next);
    if (policy) found.new_password = policy;
    else if (next === current) found.new_password = 'a nova senha deve ser diferente da atual';
    if (confirm !== next) found.confirm_password = 'as senhas não conferem';
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      await api.post('/api/v1/me/password', { current_password: current, new_password: next });
      setCurrent('');
      setNext('');
      setConfirm('');
      setMessage({ kind: 'success', text: 'Senha alterada. As outras sessões deste usuário foram encerradas.' });
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) {
        const byField: Errors = {};
        for (const fe of e.problem.errors) byField[fe.field] = fe.detail;
        setErrors(byField);
        focusFirstError();
      } else {
        setMessage({ kind: 'error', text: messageOf(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="narrow">
      <PageHeader title="Trocar senha" />
      <form class="card" onSubmit={submit} noValidate>
        {message ? <Notice kind={message.kind}>{message.text}</Notice> : null}
        <TextField label="Senha atual" field="current_password" type="password" autoComplete="current-password" value={current} onValue={setCurrent} error={errors.current_password} required />
        <TextField label="Nova senha" field="new_password" type="password" autoComplete="new-password" value={next} onValue={setNext} error={errors.new_password} hint="Pelo menos 8 caracteres." required />
        <TextField label="Confirmação da senha" field="confirm_password" type="password" autoComplete="new-password" value={confirm} onValue={setConfirm} error={errors.confirm_password} required />
        <div class="form-actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : 'Trocar senha'}
          </button>
        </div>
      </form>
    </section>
  );
}
