// Crédito (the owner): the area's tabs — Rentabilidade (the customers ranked by the result
// of their crediário: interest and charges received minus losses) and Modelos de score
// (scorecards.tsx) — under /credito.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api';
import { Notice } from '../components/fields';
import { formatBps, type Profitability } from '../credit-model';
import { formatBRL } from '../format';
import { Link, match, navigate } from '../router';
import { useSession } from '../session';
import { Loading, NoPermission, NotFound, PageHeader } from './common';
import { ScorecardFormPage, ScorecardPage, ScorecardsPage } from './scorecards';
import '../credit.css';

const kTabs = [
  { path: '/credito/rentabilidade', label: 'Rentabilidade' },
  { path: '/credito/modelos', label: 'Modelos de score' },
];

export function CreditAreaPage({ path }: { path: string }) {
  const { can } = useSession();

  useEffect(() => {
    if (path === '/credito') navigate('/credito/rentabilidade', { replace: true });
  }, [path]);

  if (!can('credit:manage')) return <NoPermission what="Só o dono da loja vê a rentabilidade e os modelos de score." />;
  if (path === '/credito') return null;

  let params: Record<string, string> | null;
  let body;
  if (path === '/credito/rentabilidade') body = <ProfitabilityView />;
  else if (path === '/credito/modelos') body = <ScorecardsPage />;
  else if (path === '/credito/modelos/novo') body = <ScorecardFormPage />;
  else if ((params = match('/credito/modelos/:id', path))) body = <ScorecardPage key={params.id} id={params.id} />;
  else return <NotFound />;

  const current = kTabs.find((t) => path === t.path || path.startsWith(`${t.path}/`));
  return (
    <section>
      <PageHeader title="Crédito" />
      <nav class="tabs" aria-label="Crédito">
        {kTabs.map((t) => (
          <Link key={t.path} href={t.path} aria-current={current?.path === t.path ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {body}
    </section>
  );
}

const kLimits = [20, 50, 100, 500];

function ProfitabilityView() {
  const [limit, setLimit] = useState(50);
  const [items, setItems] = useState<Profitability[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    setItems(null);
    api.get<{ items: Profitability[] }>(`/api/v1/credit/profitability?limit=${limit}`).then(
      (r) => {
        if (!live) return;
        setItems(r.items);
        setError('');
      },
      (e) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [limit]);

  const totals = items?.reduce(
    (t, p) => ({
      financed: t.financed + p.financed_cents,
      income: t.income + p.income_cents,
      loss: t.loss + p.loss_cents,
      result: t.result + p.result_cents,
    }),
    { financed: 0, income: 0, loss: 0, result: 0 },
  );

  return (
    <div class="card">
      <div class="card-head">
        <h2>Rentabilidade por cliente</h2>
        <label class="inline-select">
          <span>Mostrar </span>
          <select value={String(limit)} onChange={(e) => setLimit(Number(e.currentTarget.value))} aria-label="Quantos clientes mostrar">
            {kLimits.map((n) => (
              <option key={n} value={String(n)}>
                {n} clientes
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="field-hint">
        Receita = juros e encargos recebidos menos descontos dados; resultado = receita menos perdas (parcelas baixadas).
        Margem = resultado sobre o valor financiado. Do melhor para o pior.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {items === null && !error ? <Loading /> : null}
      {items?.length === 0 ? <p>Nenhuma venda a prazo ainda.</p> : null}
      {items?.length && totals ? (
        <table class="table profitability-table" aria-label="Rentabilidade por cliente">
          <thead>
            <tr>
              <th scope="col" class="num">#</th>
              <th scope="col">Cliente</th>
              <th scope="col" class="num">Financiado</th>
              <th scope="col" class="num">Receita</th>
              <th scope="col" class="num">Perdas</th>
              <th scope="col" class="num">Resultado</th>
              <th scope="col" class="num">Margem</th>
            </tr>
          </thead>
          <tbody>
            {items.map((p, i) => (
              <tr key={p.customer_id} data-customer={p.customer_id}>
                <td data-label="#" class="num">{i + 1}</td>
                <td data-label="Cliente">
                  <Link href={`/clientes/${encodeURIComponent(p.customer_id)}`}>{p.customer_name}</Link>
                </td>
                <td data-label="Financiado" class="num">{formatBRL(p.financed_cents)}</td>
                <td data-label="Receita" class="num">{formatBRL(p.income_cents)}</td>
                <td data-label="Perdas" class="num">{formatBRL(p.loss_cents)}</td>
                <td data-label="Resultado" class={`num ${p.result_cents < 0 ? 'negative' : ''}`}>{formatBRL(p.result_cents)}</td>
                <td data-label="Margem" class={`num ${p.margin_bps < 0 ? 'negative' : ''}`}>{formatBps(p.margin_bps)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2}>Total dos listados</th>
              <td data-label="Financiado" class="num">{formatBRL(totals.financed)}</td>
              <td data-label="Receita" class="num">{formatBRL(totals.income)}</td>
              <td data-label="Perdas" class="num">{formatBRL(totals.loss)}</td>
              <td data-label="Resultado" class={`num ${totals.result < 0 ? 'negative' : ''}`}>{formatBRL(totals.result)}</td>
              <td data-label="Margem" class="num">
                {totals.financed ? formatBps(Math.trunc((totals.result * 10000) / totals.financed)) : '—'}
              </td>
            </tr>
          </tfoot>
        </table>
      ) : null}
    </div>
  );
}
