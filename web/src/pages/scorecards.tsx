// Crédito › Modelos de score (the owner): the scorecards trained from the shop's own
// history (a CSV of past customers with the outcome), "Treinar novo modelo" (the file read
// in the browser: its header offers the target, the event and the columns to leave out),
// and a model's report — AUC, Gini, KS, the information value of each variable and its
// bins with event rate, WoE and points — with the model file to download.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api';
import { CheckboxField, FileField, Notice, SelectField, TextField, showFormErrors, type Errors } from '../components/fields';
import { showSubmitError } from '../components/submit';
import {
  actorName,
  formatDecimal,
  formatShare,
  likelyEvent,
  summarizeCsv,
  type CsvSummary,
  type Scorecard,
  type ScorecardBin,
  type ScorecardSummary,
} from '../credit-model';
import { formatInstant } from '../format';
import { Link, navigate } from '../router';
import { Loading } from './common';
import { useUserNames } from './customer-credit';
import '../credit.css';

const kNotReady = 'Os modelos de score ainda não estão disponíveis neste servidor.';

export function modelJsonUrl(id: string): string {
  return `/api/v1/scorecards/${encodeURIComponent(id)}/model.json`;
}

// ---- The list -----------------------------------------------------------------------------

export function ScorecardsPage() {
  const names = useUserNames();
  const [items, setItems] = useState<ScorecardSummary[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<{ items: ScorecardSummary[] }>('/api/v1/scorecards').then(
      (r) => setItems(r.items ?? []),
      (e) => setError(e instanceof ApiError && e.status === 404 ? kNotReady : messageOf(e)),
    );
  }, []);

  return (
    <div class="card">
      <div class="card-head">
        <h2>Modelos de score</h2>
        <Link href="/credito/modelos/novo" class="button button-primary">
          Treinar novo modelo
        </Link>
      </div>
      <p class="field-hint">
        Um modelo de score aprende com o histórico da própria loja quem tende a atrasar. Treine com uma planilha (CSV) de
        clientes antigos com uma coluna que diz se o cliente deu problema.
      </p>
      {error ? <Notice kind={error === kNotReady ? 'info' : 'error'}>{error}</Notice> : null}
      {items === null && !error ? <Loading /> : null}
      {items?.length === 0 ? <p>Nenhum modelo treinado ainda.</p> : null}
      {items?.length ? (
        <table class="table scorecards-table" aria-label="Modelos de score">
          <thead>
            <tr>
              <th scope="col">Modelo</th>
              <th scope="col">Alvo</th>
              <th scope="col" class="num">AUC (teste)</th>
              <th scope="col" class="num">KS (teste)</th>
              <th scope="col" class="num">Linhas de teste</th>
              <th scope="col">Criado em</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id} data-scorecard={s.id}>
                <td data-label="Modelo">
                  <Link href={`/credito/modelos/${encodeURIComponent(s.id)}`}>{s.name}</Link>
                </td>
                <td data-label="Alvo">
                  {s.target} = {s.event}
                </td>
                <td data-label="AUC (teste)" class="num">{formatDecimal(s.test_auc)}</td>
                <td data-label="KS (teste)" class="num">{formatDecimal(s.test_ks)}</td>
                <td data-label="Linhas de teste" class="num">{s.test_rows ?? '—'}</td>
                <td data-label="Criado em">
                  {formatInstant(s.created_at)}
                  {s.created_by ? <span class="slip-detail">{actorName(s.created_by, names)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

// ---- Training -----------------------------------------------------------------------------

const kMaxCsvBytes = 20 * 1024 * 1024;

// The column that splits training and test rows: never a variable, never the target.
function isSplit(column: string): boolean {
  return column.trim().toLowerCase() === 'split';
}

export function ScorecardFormPage() {
  const [name, setName] = useState('');
  const [fileName, setFileName] = useState('');
  const [csv, setCsv] = useState('');
  const [summary, setSummary] = useState<CsvSummary | null>(null);
  const [target, setTarget] = useState('');
  const [event, setEvent] = useState('');
  const [exclude, setExclude] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [reading, setReading] = useState(false);

  function clear(field: string) {
    if (errors[field]) setErrors({ ...errors, [field]: '' });
  }

  async function pick(file: File | null) {
    clear('csv');
    setMessage(null);
    setSummary(null);
    setCsv('');
    setFileName(file?.name ?? '');
    if (!file) return;
    if (file.size > kMaxCsvBytes) {
      setErrors({ ...errors, csv: 'arquivo grande demais (máximo 20 MB)' });
      return;
    }
    setReading(true);
    try {
      const text = await file.text();
      const s = summarizeCsv(text);
      if (s.columns.length < 2 || s.rows === 0) {
        setErrors({ ...errors, csv: 'o arquivo não parece um CSV com cabeçalho e linhas de dados' });
        return;
      }
      setCsv(text);
      setSummary(s);
      const candidates = s.columns.filter((c) => !isSplit(c));
      const guess = candidates.find((c) => /^(alvo|target|inadimplente|mau|bad|default|atrasou)/i.test(c)) ?? candidates[candidates.length - 1];
      setTarget(guess);
      setEvent(likelyEvent(s.values[guess] ?? []));
      setExclude(s.columns.filter((c) => /^(id|cpf|nome|name|customer_id|cliente_id)$/i.test(c) && c !== guess));
      if (!name.trim()) setName(file.name.replace(/\.[^.]+$/, ''));
    } catch (e) {
      setErrors({ ...errors, csv: `não foi possível ler o arquivo: ${messageOf(e)}` });
    } finally {
      setReading(false);
    }
  }

  function chooseTarget(column: string) {
    setTarget(column);
    setEvent(likelyEvent(summary?.values[column] ?? []));
    setExclude((list) => list.filter((c) => c !== column));
    clear('target');
  }

  function toggle(column: string, checked: boolean) {
    setExclude((list) => (checked ? [...list, column] : list.filter((c) => c !== column)));
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    const found: Errors = {};
    if (!name.trim()) found.name = 'dê um nome ao modelo';
    if (!csv) found.csv = 'escolha o arquivo CSV';
    else if (!target) found.target = 'escolha a coluna do resultado';
    if (csv && target && !event.trim()) found.event = 'informe o valor que indica o problema';
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      const created = await api.post<Scorecard>('/api/v1/scorecards', {
        name: name.trim(),
        csv,
        target,
        event: event.trim(),
        exclude: exclude.filter((c) => c !== target && !isSplit(c)),
      });
      navigate(`/credito/modelos/${encodeURIComponent(created.id)}`);
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 404) setMessage(kNotReady);
      else showSubmitError(err, setErrors, setMessage);
    }
  }

  const values = summary && target ? summary.values[target] ?? [] : [];
  const eventOptions = values.map((v) => ({ value: v, label: v === '' ? '(vazio)' : v }));
  if (event && !values.includes(event)) eventOptions.unshift({ value: event, label: event });

  return (
    <form class="card scorecard-form" onSubmit={submit} noValidate aria-label="Treinar novo modelo">
      <Link href="/credito/modelos" class="back-link">
        ← Modelos de score
      </Link>
      <h2>Treinar novo modelo</h2>
      <p class="field-hint">
        A planilha precisa de uma linha de cabeçalho, uma linha por cliente e uma coluna que diga se o cliente deu problema
        (por exemplo, atrasou mais de 90 dias). Para medir o modelo em clientes que ele não viu, inclua uma coluna
        <code>split</code> com <code>train</code> ou <code>test</code> em cada linha.
      </p>
      {message ? <Notice kind="error">{message}</Notice> : null}
      <div class="grid grid-2">
        <TextField label="Nome do modelo" field="name" value={name} maxLength={80} required
          onValue={(v) => { setName(v); clear('name'); }} error={errors.name} placeholder="Clientes 2024–2026" />
        <FileField label="Arquivo CSV" field="csv" accept=".csv,text/csv,text/plain" required onFile={(f) => void pick(f)}
          error={errors.csv} hint={reading ? 'Lendo o arquivo…' : fileName ? undefined : 'Separado por vírgula ou ponto e vírgula.'} />
      </div>
      {summary ? (
        <>
          <p class="csv-summary" data-testid="csv-summary">
            {fileName}: {summary.rows} {summary.rows === 1 ? 'linha' : 'linhas'} de dados, {summary.columns.length} colunas
            {summary.columns.some(isSplit) ? ' (com a coluna split: treino e teste separados)' : ''}.
          </p>
          <div class="grid grid-2">
            <SelectField label="Coluna do resultado (alvo)" field="target" value={target}
              options={summary.columns.map((c) => ({ value: c, label: c }))} onValue={chooseTarget} error={errors.target} />
            {eventOptions.length && values.length < 20 ? (
              <SelectField label="Valor que indica problema (evento)" field="event" value={event} options={eventOptions}
                onValue={(v) => { setEvent(v); clear('event'); }} error={errors.event} />
            ) : (
              <TextField label="Valor que indica problema (evento)" field="event" value={event}
                onValue={(v) => { setEvent(v); clear('event'); }} error={errors.event} placeholder="1" />
            )}
          </div>
          <fieldset class="plain-fieldset">
            <legend>Colunas que não entram no modelo</legend>
            <p class="field-hint">Deixe de fora identificadores (id, CPF, nome) e o que só se sabe depois da venda.</p>
            <div class="exclude-list">
              {summary.columns.filter((c) => c !== target && !isSplit(c)).map((c, i) => (
                <CheckboxField key={c} label={c} field={`exclude.${c}`} id={`f-exclude-${i}`} checked={exclude.includes(c)}
                  onChecked={(checked) => toggle(c, checked)} />
              ))}
            </div>
          </fieldset>
          {errors.exclude ? <Notice kind="error">{errors.exclude}</Notice> : null}
        </>
      ) : null}
      <div class="form-actions">
        <Link href="/credito/modelos" class="button">
          Cancelar
        </Link>
        <button type="submit" class="button-primary" disabled={busy || reading}>
          {busy ? 'Treinando…' : 'Treinar modelo'}
        </button>
      </div>
    </form>
  );
}

// ---- One model ----------------------------------------------------------------------------

const kKindLabels: Record<string, string> = { numeric: 'numérica', categorical: 'categórica' };

function ivStrength(iv: number): string {
  if (iv < 0.02) return 'sem poder';
  if (iv < 0.1) return 'fraca';
  if (iv < 0.3) return 'média';
  return 'forte';
}

export function ScorecardPage({ id }: { id: string }) {
  const names = useUserNames();
  const [card, setCard] = useState<Scorecard | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<Scorecard>(`/api/v1/scorecards/${encodeURIComponent(id)}`).then(setCard, (e) =>
      setError(e instanceof ApiError && e.status === 404 ? 'Modelo não encontrado.' : messageOf(e)));
  }, [id]);

  if (error) {
    return (
      <div class="card">
        <Link href="/credito/modelos" class="back-link">
          ← Modelos de score
        </Link>
        <Notice kind="error">{error}</Notice>
      </div>
    );
  }
  if (!card) return <Loading />;
  const r = card.report;
  const features = [...(card.features ?? [])].sort((a, b) => b.iv - a.iv);
  const bins = new Map<string, ScorecardBin[]>();
  for (const b of r.bins ?? []) bins.set(b.feature, [...(bins.get(b.feature) ?? []), b]);
  const order = [...features.map((f) => f.name), ...[...bins.keys()].filter((k) => !features.some((f) => f.name === k))];

  return (
    <>
      <section class="card" aria-labelledby="modelo-titulo">
        <Link href="/credito/modelos" class="back-link">
          ← Modelos de score
        </Link>
        <div class="card-head">
          <h2 id="modelo-titulo">{card.name}</h2>
          <a class="button" href={modelJsonUrl(card.id)} download={`${card.name || 'modelo'}.json`}>
            Baixar modelo (model.json)
          </a>
        </div>
        <p class="field-hint">
          Alvo: {card.target} = {card.event} · criado em {formatInstant(card.created_at)}
          {card.created_by ? ` por ${actorName(card.created_by, names)}` : ''}.
        </p>
        {card.warnings?.length ? (
          <Notice kind="warning">
            <ul>
              {card.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </Notice>
        ) : null}
        {r.test_rows_only !== undefined ? (
          <p class="field-hint">
            {r.test_rows_only
              ? 'Desempenho medido nas linhas de teste (coluna split = test), que o modelo não viu no treino.'
              : 'Desempenho medido em todas as linhas (a planilha não tem coluna split).'}
          </p>
        ) : null}
        <dl class="metrics" aria-label="Desempenho do modelo">
          <div class="metric">
            <dt>AUC</dt>
            <dd data-testid="metric-auc">{formatDecimal(r.auc)}</dd>
          </div>
          <div class="metric">
            <dt>Gini</dt>
            <dd data-testid="metric-gini">{formatDecimal(r.gini)}</dd>
          </div>
          <div class="metric">
            <dt>KS</dt>
            <dd data-testid="metric-ks">{formatDecimal(r.ks)}</dd>
          </div>
          <div class="metric">
            <dt>Linhas (eventos)</dt>
            <dd>
              {r.rows} <span class="muted">({r.events}; {r.rows ? formatShare(r.events / r.rows) : '—'})</span>
            </dd>
          </div>
        </dl>
        <p class="field-hint">
          AUC perto de 0,5 é um modelo que não separa bons de maus; acima de 0,7 já ajuda; KS mede a maior separação entre
          as duas curvas.
        </p>
        <h3>Variáveis</h3>
        <table class="table compact features-table" aria-label="Variáveis do modelo">
          <thead>
            <tr>
              <th scope="col">Variável</th>
              <th scope="col">Tipo</th>
              <th scope="col" class="num">IV</th>
              <th scope="col">Força</th>
            </tr>
          </thead>
          <tbody>
            {features.map((f) => (
              <tr key={f.name}>
                <td>{f.name}</td>
                <td>{kKindLabels[f.kind] ?? f.kind}</td>
                <td class="num">{formatDecimal(f.iv)}</td>
                <td>{ivStrength(f.iv)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card" aria-labelledby="faixas-titulo">
        <h2 id="faixas-titulo">Faixas e pontos</h2>
        <p class="field-hint">Para cada variável, as faixas de valores, quantos clientes caíram em cada uma, a taxa de problema, o WoE e os pontos que a faixa soma ao score.</p>
        {order.map((feature) => (
          <div key={feature} class="bins-block">
            <h3>{feature}</h3>
            <table class="table compact bins-table" aria-label={`Faixas de ${feature}`}>
              <thead>
                <tr>
                  <th scope="col">Faixa</th>
                  <th scope="col" class="num">Clientes</th>
                  <th scope="col" class="num">Taxa de evento</th>
                  <th scope="col" class="num">WoE</th>
                  <th scope="col" class="num">Pontos</th>
                </tr>
              </thead>
              <tbody>
                {(bins.get(feature) ?? []).map((b, i) => (
                  <tr key={`${b.label}-${i}`}>
                    <td>{b.label}</td>
                    <td class="num">{b.count}</td>
                    <td class="num">{formatShare(b.event_rate)}</td>
                    <td class="num">{formatDecimal(b.woe)}</td>
                    <td class={`num ${b.points < 0 ? 'points-neg' : 'points-pos'}`}>
                      {Number.isInteger(b.points) ? b.points : formatDecimal(b.points, 1)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>
    </>
  );
}
