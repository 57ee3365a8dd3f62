// The search of a customer by name, CPF or phone (GET /customers?q=); a click on a result
// picks it. Its input is the field "customer_id", where a missing choice shows its error.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, type Customer, type Page } from '../api';
import { formatCpf } from '../format';
import { StatusBadge } from '../pages/customers';
import { Notice, TextField } from './fields';

export function CustomerPicker({ onPick, error, id }: { onPick: (c: Customer) => void; error?: string; id?: string }) {
  const [q, setQ] = useState('');
  const [items, setItems] = useState<Customer[] | null>(null);
  const [failure, setFailure] = useState('');

  useEffect(() => {
    const text = q.trim();
    if (!text) {
      setItems(null);
      return;
    }
    let live = true;
    const timer = window.setTimeout(async () => {
      const params = new URLSearchParams({ q: /^[\d\s.\-()/+]+$/.test(text) ? text.replace(/\D/g, '') : text, limit: '8' });
      try {
        const page = await api.get<Page<Customer>>(`/api/v1/customers?${params.toString()}`);
        if (live) {
          setItems(page.items);
          setFailure('');
        }
      } catch (e) {
        if (live) setFailure(messageOf(e));
      }
    }, 250);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [q]);

  return (
    <div>
      <TextField label="Buscar cliente" field="customer_id" id={id} value={q} onValue={setQ} placeholder="Nome, CPF ou telefone"
        required error={error} />
      {failure ? <Notice kind="error">{failure}</Notice> : null}
      {items && items.length === 0 ? <p class="field-hint">Nenhum cliente encontrado.</p> : null}
      {items && items.length > 0 ? (
        <ul class="pick-list" aria-label="Clientes encontrados">
          {items.map((c) => (
            <li key={c.id}>
              <button type="button" class="pick" onClick={() => onPick(c)}>
                <span class="customer-name">{c.full_name}</span>
                <span class="customer-cpf">{formatCpf(c.cpf)}</span>
                <StatusBadge status={c.status} />
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
