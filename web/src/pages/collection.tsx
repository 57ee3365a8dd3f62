// Cobrança: the régua de cobrança. "O que sai hoje" (the preview of a day: the actions and,
// for every installment not acted on, why), the run history, the policies (réguas), the
// message templates, the contact rules and the outbox's messages, each on its own tab under
// /cobranca.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, messageOf } from '../api';
import { Dialog } from '../components/dialog';
import { CheckboxField, Notice, SelectField, TextField } from '../components/fields';
import { useFormSubmit } from '../components/submit';
import {
  collectionAccess,
  formatInstantIn,
  kTriggerLabels,
  plural,
  reasonLabel,
  todayIn,
  useShopZone,
  type CollectionAction,
  type CollectionRun,
  type CollectionSkip,
  type DayPreview,
} from '../collection-model';
import { formatDate, maskDate, validDateInputToIso } from '../format';
import { Link, match, replaceQuery } from '../router';
import { useSession } from '../session';
import { Loading, NoPermission, NotFound, PageHeader } from './common';
import { ActionsTable } from './collection-parts';
import { PoliciesPage, PolicyEditorPage } from './collection-policies';
import { TemplateEditorPage, TemplatesPage } from './collection-templates';
import { ContactRulesPage } from './collection-rules';
import { MessagesView } from './messages';
import '../collection.css';

const kTabs = [
  { path: '/cobranca', label: 'O que sai hoje' },
  { path: '/cobranca/ligacoes', label: 'Ligações' },
  { path: '/cobranca/execucoes', label: 'Execuções' },
  { path: '/cobranca/reguas', label: 'Réguas' },
  { path: '/cobranca/modelos', label: 'Modelos' },
  { path: '/cobranca/regras', label: 'Regras de contato' },
  { path: '/cobranca/mensagens', label: 'Mensagens' },
];

export function CollectionPage({ path }: { path: string }) {
  const { session } = useSession();
  const access = collectionAccess(session);
  if (!access.read) return <NoPermission what="Seu usuário não tem acesso à cobrança." />;

  let params: Record<string, string> | null;
  let body;
  if (path === '/cobranca') body = <TodayView />;
  else if (path === '/cobranca/ligacoes') body = <CallsView />;
  else if (path === '/cobranca/execucoes') body = <RunsView />;
  else if (path === '/cobranca/reguas') body = <PoliciesPage />;
  else if (path === '/cobranca/reguas/nova') body = <PolicyEditorPage key="nova" />;
  else if ((params = match('/cobranca/reguas/:id', path))) body = <PolicyEditorPage key={params.id} id={params.id} />;
  else if (path === '/cobranca/modelos') body = <TemplatesPage />;
  else if (path === '/cobranca/modelos/novo') body = <TemplateEditorPage key="novo" />;
  else if ((params = match('/cobranca/modelos/:key', path))) body = <TemplateEditorPage key={params.key} templateKey={params.key} />;
  else if (path === '/cobranca/regras') body = <ContactRulesPage />;
  else if (path === '/cobranca/mensagens') body = <MessagesView />;
  else return <NotFound />;

  const current = kTabs.filter((t) => path === t.path || (t.path !== '/cobranca' && path.startsWith(`${t.path}/`)))[0];
  return (
    <section>
      <PageHeader title="Cobrança" />
      <nav class="tabs" aria-label="Cobrança">
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

// ---- O que sai hoje ---------------------------------------------------------------------------

function dateFromQuery(): string {
  const d = new URLSearchParams(window.location.search).get('data') ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(d) ? d : '';
}

function TodayView() {
  const { session } = useSession();
  const access = collectionAccess(session);
  const zone = useShopZone(session.store.id);
  const [date, setDate] = useState(() => dateFromQuery());
  const [typed, setTyped] = useState(() => formatDate(dateFromQuery()));
  const [typedError, setTypedError] = useState('');
  const [preview, setPreview] = useState<DayPreview | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState<CollectionRun | null>(null);
  const day = date || todayIn(zone);

  async function load(which: string) {
    setLoading(true);
    try {
      setPreview(await api.get<DayPreview>(`/api/v1/collection/preview?date=${which}`));
      setError('');
    } catch (e) {
      setPreview(null);
      setError(messageOf(e));
    } finally {
      setLoading(false);
    }
  }

  useEffect(() => {
    void load(day);
  }, [day]);

  function show(event: Event) {
    event.preventDefault();
    const iso = typed.trim() ? validDateInputToIso(typed) : todayIn(zone);
    if (!iso) {
      setTypedError('data inválida: use dd/mm/aaaa');
      return;
    }
    setTypedError('');
    setDone(null);
    const query = new URLSearchParams(window.location.search);
    if (iso === todayIn(zone)) query.delete('data');
    else query.set('data', iso);
    replaceQuery(query);
    if (iso === day) void load(iso);
    else setDate(iso);
  }

  return (
    <>
      <section class="card" aria-labelledby="sai-hoje-titulo">
        <div class="card-head">
          <h2 id="sai-hoje-titulo">O que sai em {formatDate(day)}</h2>
          {access.manage ? (
            <button type="button" class="button-primary" onClick={() => setRunning(true)}>
              Executar agora
            </button>
          ) : null}
        </div>
        <form class="as-of" onSubmit={show} noValidate>
          <TextField label="Data" field="date" value={typed} mask={maskDate} inputMode="numeric" placeholder={formatDate(day)}
            onValue={(v) => { setTyped(v); setTypedError(''); }} error={typedError} />
          <button type="submit" disabled={loading}>
            Ver
          </button>
        </form>
        {done ? <RunDone run={done} /> : null}
        {error ? <Notice kind="error">{error}</Notice> : null}
        {loading && !preview ? <Loading /> : null}
        {preview ? <Counts preview={preview} /> : null}
      </section>
      {preview ? <ActionsCard actions={preview.actions} zone={zone} /> : null}
      {preview ? <SkipsCard preview={preview} /> : null}
      {running ? (
        <RunDialog date={day} onClose={() => setRunning(false)}
          onDone={(run) => { setRunning(false); setDone(run); void load(day); }} />
      ) : null}
    </>
  );
}

function skippedTotal(skipped: Record<string, number> | undefined): number {
  return Object.values(skipped ?? {}).reduce((a, b) => a + b, 0);
}

function Counts({ preview }: { preview: DayPreview }) {
  const c = preview.counts;
  const items = [
    { label: 'Clientes', value: c.customers },
    { label: 'Parcelas', value: c.installments },
    { label: 'Ações', value: c.actions },
    { label: 'Adiadas', value: c.deferred },
    { label: 'Sem ação', value: skippedTotal(c.skipped) },
  ];
  return (
    <dl class="dl totals collection-counts" aria-label="Totais do dia">
      {items.map((i) => (
        <div class="dl-item" key={i.label}>
          <dt>{i.label}</dt>
          <dd>{i.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function RunDone({ run }: { run: CollectionRun }) {
  return (
    <Notice kind="success">
      {run.dry_run ? 'Simulação concluída' : 'Régua executada'} para {formatDate(run.run_date)}: {plural(run.actions, 'ação', 'ações')},{' '}
      {plural(run.deferred, 'adiada', 'adiadas')}, {plural(skippedTotal(run.skipped), 'parcela sem ação', 'parcelas sem ação')}.{' '}
      <Link href="/cobranca/execucoes">Ver execuções</Link>
    </Notice>
  );
}

function RunDialog({ date, onClose, onDone }: { date: string; onClose: () => void; onDone: (run: CollectionRun) => void }) {
  const [dryRun, setDryRun] = useState(false);
  const form = useFormSubmit();

  function submit(event: Event) {
    event.preventDefault();
    void form.submit({}, async () => {
      onDone(await api.post<CollectionRun>('/api/v1/collection/runs', { date, dry_run: dryRun }));
    });
  }

  return (
    <Dialog title="Executar a régua agora" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        {form.message ? <Notice kind="error">{form.message}</Notice> : null}
        <p>
          A régua de {formatDate(date)} vai registrar as ações listadas: as mensagens entram na fila de envio e as ligações na
          agenda. Cada etapa é feita uma única vez por parcela, mesmo que a régua seja executada de novo.
        </p>
        <CheckboxField label="Só simular (nada é enviado nem registrado)" field="dry_run" checked={dryRun} onChecked={setDryRun}
          hint="A simulação conta as ações e fica no histórico de execuções." />
        <div class="form-actions">
          <button type="button" onClick={onClose}>
            Cancelar
          </button>
          <button type="submit" class="button-primary" disabled={form.busy}>
            {form.busy ? 'Executando…' : dryRun ? 'Simular' : 'Executar'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

// ---- Actions ----------------------------------------------------------------------------------

function ActionsCard({ actions, zone }: { actions: CollectionAction[]; zone: string }) {
  return (
    <section class="card" aria-labelledby="acoes-titulo">
      <h2 id="acoes-titulo">Ações ({actions.length})</h2>
      {actions.length === 0 ? <p>Nenhuma ação nesta data.</p> : <ActionsTable actions={actions} zone={zone} label="Ações" showCustomer />}
    </section>
  );
}

// ---- Skips ------------------------------------------------------------------------------------

const kSkipPage = 100;

function SkipsCard({ preview }: { preview: DayPreview }) {
  const [reason, setReason] = useState('');
  const [search, setSearch] = useState('');
  const labels = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of preview.skips) if (s.reason_pt && !m.has(s.reason)) m.set(s.reason, s.reason_pt);
    return m;
  }, [preview]);
  const groups = useMemo(() => {
    const m = new Map<string, CollectionSkip[]>();
    for (const s of preview.skips) {
      const list = m.get(s.reason) ?? [];
      list.push(s);
      m.set(s.reason, list);
    }
    return [...m.entries()].sort((a, b) => b[1].length - a[1].length);
  }, [preview]);
  const q = search.trim().toLocaleLowerCase('pt-BR');
  const shown = groups
    .filter(([r]) => !reason || r === reason)
    .map(([r, list]) => [r, q ? list.filter((s) => s.customer_name.toLocaleLowerCase('pt-BR').includes(q)) : list] as const)
    .filter(([, list]) => list.length > 0);
  const options = [
    { value: '', label: `Todos os motivos (${preview.skips.length})` },
    ...groups.map(([r, list]) => ({ value: r, label: `${reasonLabel(r, labels)} (${list.length})` })),
  ];
  const openAll = Boolean(reason || q) || preview.skips.length <= 30;

  return (
    <section class="card" aria-labelledby="sem-acao-titulo">
      <h2 id="sem-acao-titulo">Parcelas sem ação ({preview.skips.length})</h2>
      {preview.skips.length === 0 ? (
        <p>Todas as parcelas em aberto têm ação nesta data.</p>
      ) : (
        <>
          <div class="filters">
            <TextField label="Cliente" field="skip_customer" value={search} onValue={setSearch} placeholder="Nome do cliente" />
            <SelectField label="Motivo" field="skip_reason" value={reason} options={options} onValue={setReason} />
          </div>
          {shown.length === 0 ? <p>Nenhuma parcela com este filtro.</p> : null}
          {shown.map(([r, list]) => (
            <SkipGroup key={`${r}-${openAll}`} label={reasonLabel(r, labels)} reason={r} skips={list} open={openAll} />
          ))}
        </>
      )}
    </section>
  );
}

function SkipGroup({ label, reason, skips, open }: { label: string; reason: string; skips: CollectionSkip[]; open: boolean }) {
  const [limit, setLimit] = useState(kSkipPage);
  const [expanded, setExpanded] = useState(open);
  const withDue = skips.some((s) => s.due_date);
  return (
    <details class="skip-group" data-reason={reason} open={expanded}
      onToggle={(e) => setExpanded((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>
        <span class="skip-reason">{label}</span> <span class="muted">— {plural(skips.length, 'parcela', 'parcelas')}</span>
      </summary>
      {expanded ? (
        <>
          <table class="table compact skips-table" aria-label={`Sem ação: ${label}`}>
            <thead>
              <tr>
                <th scope="col">Cliente</th>
                <th scope="col">Parcela</th>
                {withDue ? <th scope="col">Vencimento</th> : null}
                <th scope="col">Etapa</th>
                <th scope="col">Motivo</th>
              </tr>
            </thead>
            <tbody>
              {skips.slice(0, limit).map((s) => (
                <tr key={`${s.sale_id}-${s.number}-${s.reason}`} data-customer={s.customer_id}>
                  <td>
                    <Link href={`/clientes/${encodeURIComponent(s.customer_id)}`}>{s.customer_name}</Link>
                  </td>
                  <td class="num">{s.number}</td>
                  {withDue ? <td>{formatDate(s.due_date) || '—'}</td> : null}
                  <td>{s.step_key ? <code>{s.step_key.split('/').pop()}</code> : '—'}</td>
                  <td>{s.reason_pt || label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {skips.length > limit ? (
            <div class="load-more">
              <button type="button" onClick={() => setLimit(limit + kSkipPage)}>
                Mostrar mais ({skips.length - limit})
              </button>
            </div>
          ) : null}
        </>
      ) : null}
    </details>
  );
}

// ---- Call tasks -------------------------------------------------------------------------------

const kCallDaysBack = 7;

// The calls the runs asked for in the last week (and those scheduled after now), newest first:
// the collector's list. Each opens the customer, whose page has the phone and the history.
function CallsView() {
  const { session } = useSession();
  const zone = useShopZone(session.store.id);
  const [calls, setCalls] = useState<CollectionAction[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    const from = new Date(Date.now() - kCallDaysBack * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    api
      .get<{ actions: CollectionAction[] }>(`/api/v1/collection/actions?action=call_task&from=${encodeURIComponent(from)}`)
      .then((r) => setCalls(r.actions), (e) => setError(messageOf(e)));
  }, []);

  return (
    <section class="card" aria-labelledby="ligacoes-titulo">
      <h2 id="ligacoes-titulo">Ligações a fazer</h2>
      <p class="field-hint">
        As ligações que a régua pediu nos últimos {kCallDaysBack} dias, cada uma para o horário permitido. Fale do valor
        em aberto só com o próprio cliente, nunca com parentes, referências ou o empregador.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {calls === null && !error ? <Loading /> : null}
      {calls?.length === 0 ? <p>Nenhuma ligação pedida nos últimos {kCallDaysBack} dias.</p> : null}
      {calls?.length ? <ActionsTable actions={calls} zone={zone} label="Ligações" showCustomer /> : null}
    </section>
  );
}

// ---- Runs -------------------------------------------------------------------------------------

function RunsView() {
  const { session } = useSession();
  const zone = useShopZone(session.store.id);
  const [runs, setRuns] = useState<CollectionRun[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<{ runs: CollectionRun[] }>('/api/v1/collection/runs').then((r) => setRuns(r.runs), (e) => setError(messageOf(e)));
  }, []);

  return (
    <section class="card" aria-labelledby="execucoes-titulo">
      <h2 id="execucoes-titulo">Execuções da régua</h2>
      <p class="field-hint">
        A régua roda sozinha todo dia no horário das regras de contato; “Executar agora” em{' '}
        <Link href="/cobranca">O que sai hoje</Link> faz uma execução manual ou uma simulação.
      </p>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {runs === null && !error ? <Loading /> : null}
      {runs?.length === 0 ? <p>Nenhuma execução ainda.</p> : null}
      {runs?.length ? (
        <table class="table runs-table" aria-label="Execuções">
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Início</th>
              <th scope="col">Disparo</th>
              <th scope="col">Simulação</th>
              <th scope="col" class="num">Clientes</th>
              <th scope="col" class="num">Parcelas</th>
              <th scope="col" class="num">Ações</th>
              <th scope="col" class="num">Adiadas</th>
              <th scope="col">Sem ação, por motivo</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-run={r.id}>
                <td data-label="Data">{formatDate(r.run_date)}</td>
                <td data-label="Início">{formatInstantIn(r.started_at, zone)}</td>
                <td data-label="Disparo">
                  {kTriggerLabels[r.trigger] ?? r.trigger}
                  {r.actor ? <span class="slip-detail">{r.actor}</span> : null}
                </td>
                <td data-label="Simulação">{r.dry_run ? <span class="badge badge-open">simulação</span> : 'Não'}</td>
                <td data-label="Clientes" class="num">{r.customers}</td>
                <td data-label="Parcelas" class="num">{r.installments}</td>
                <td data-label="Ações" class="num">{r.actions}</td>
                <td data-label="Adiadas" class="num">{r.deferred}</td>
                <td data-label="Sem ação, por motivo">
                  <SkippedList skipped={r.skipped} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

function SkippedList({ skipped }: { skipped: Record<string, number> }) {
  const entries = Object.entries(skipped ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return <>—</>;
  return (
    <ul class="skipped-list">
      {entries.map(([r, n]) => (
        <li key={r}>
          {reasonLabel(r, new Map())}: {n}
        </li>
      ))}
    </ul>
  );
}
