// Clientes: search (debounced), status filter, sort and cursor pagination.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, messageOf, type Customer, type Page } from '../api';
import { Notice, SelectField } from '../components/fields';
import { formatCpf, formatPhone } from '../format';
import { Link, replaceQuery, useLocation } from '../router';
import { useSession } from '../session';
import { PageHeader } from './common';

const kSorts = [
  { value: 'name', label: 'Nome A–Z' },
  { value: '-name', label: 'Nome Z–A' },
  { value: '-created_at', label: 'Mais recentes' },
  { value: 'created_at', label: 'Mais antigos' },
];

const kStatuses = [
  { value: '', label: 'Todos' },
  { value: 'active', label: 'Ativos' },
  { value: 'blocked', label: 'Bloqueados' },
];

export function StatusBadge({ status }: { status: string }) {
  return status === 'blocked' ? <span class="badge badge-blocked">Bloqueado</span> : <span class="badge badge-active">Ativo</span>;
}

function listPath(q: string, status: string, sort: string, cursor: string | null): string {
  const params = new URLSearchParams();
  // "529.982" and "(11) 9876" are digit searches: the server matches digits.
  const text = /\d/.test(q) && /^[\d\s.\-()/+]+$/.test(q.trim()) ? q.replace(/\D/g, '') : q.trim();
  if (text) params.set('q', text);
  if (status) params.set('status', status);
  if (sort) params.set('sort', sort);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', '50');
  return `/api/v1/customers?${params.toString()}`;
}

export function CustomersPage() {
  const { can } = useSession();
  const location = useLocation();
  const [q, setQ] = useState(location.query.get('q') ?? '');
  const [debouncedQ, setDebouncedQ] = useState(q);
  const [status, setStatus] = useState(location.query.get('situacao') ?? '');
  const [sort, setSort] = useState(location.query.get('ordem') ?? 'name');
  const [items, setItems] = useState<Customer[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState('');
  const generation = useRef(0);

  useEffect(() => {
    const timer = window.setTimeout(() => setDebouncedQ(q), 250);
    return () => window.clearTimeout(timer);
  }, [q]);

  useEffect(() => {
    const query = new URLSearchParams();
    if (debouncedQ.trim()) query.set('q', debouncedQ.trim());
    if (status) query.set('situacao', status);
    if (sort !== 'name') query.set('ordem', sort);
    replaceQuery(query);
    const mine = ++generation.current;
    const controller = new AbortController();
    setLoading(true);
    setError('');
    api
      .get<Page<Customer>>(listPath(debouncedQ, status, sort, null), { signal: controller.signal })
      .then((page) => {
        if (mine !== generation.current) return;
        setItems(page.items);
        setNextCursor(page.next_cursor);
        setLoading(false);
      })
      .catch((e) => {
        if (mine !== generation.current || (e instanceof DOMException && e.name === 'AbortError')) return;
        setError(messageOf(e));
        setItems([]);
        setNextCursor(null);
        setLoading(false);
      });
    return () => controller.abort();
  }, [debouncedQ, status, sort]);

  async function loadMore() {
    if (!nextCursor) return;
    const mine = generation.current;
    setLoadingMore(true);
    try {
      const page = await api.get<Page<Customer>>(listPath(debouncedQ, status, sort, nextCursor));
      if (mine !== generation.current) return;
      setItems((old) => [...old, ...page.items]);
      setNextCursor(page.next_cursor);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const searching = q !== debouncedQ || loading;

  return (
    <section>
      <PageHeader title="Clientes">
        {can('customers:write') ? (
          <Link href="/clientes/novo" class="button button-primary">
            Novo cliente
          </Link>
        ) : null}
      </PageHeader>
      <form class="filters card" role="search" onSubmit={(e) => { e.preventDefault(); setDebouncedQ(q); }}>
        <div class="field field-search">
          <label for="busca-clientes">Buscar</label>
          <input
            id="busca-clientes"
            type="search"
            data-field="q"
            value={q}
            placeholder="Nome, CPF ou telefone"
            autoComplete="off"
            onInput={(e) => setQ(e.currentTarget.value)}
          />
        </div>
        <SelectField label="Situação" field="status" value={status} onValue={setStatus} options={kStatuses} />
        <SelectField label="Ordenar por" field="sort" value={sort} onValue={setSort} options={kSorts} />
      </form>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <div class="list-status" aria-live="polite">
        {searching ? 'Buscando…' : !error && items.length === 0 ? (debouncedQ.trim() || status ? 'Nenhum cliente encontrado.' : 'Nenhum cliente cadastrado ainda.') : ''}
      </div>
      {items.length > 0 ? (
        <ul class="customer-list" aria-label="Clientes" aria-busy={searching ? 'true' : 'false'}>
          {items.map((c) => (
            <li key={c.id} class="customer-row">
              <Link href={`/clientes/${c.id}`} class="customer-link">
                <span class="customer-name">{c.full_name}</span>
                <span class="customer-cpf">{formatCpf(c.cpf)}</span>
                <span class="customer-phone">{c.phones?.length ? formatPhone(c.phones[0]) : '—'}</span>
                <span class="customer-status">
                  <StatusBadge status={c.status} />
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {nextCursor ? (
        <div class="load-more">
          <button type="button" onClick={() => void loadMore()} disabled={loadingMore}>
            {loadingMore ? 'Carregando…' : 'Carregar mais'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
