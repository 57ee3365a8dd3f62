// Configurações › Crédito (the owner): the approval rules (minimum score, bureau lookup,
// commitment of the income, installments per band), the limit ladder (first limit per
// band, raises, cap, freeze and cut on delay) and the HTTP bureaus for "Consultar agora".
// Percentages are typed in percent (the API's basis points); the bureau's authentication
// header is write-only: the form shows whether it is set and sends it only when typed.
// "Recalcular scores agora" runs the nightly job at once.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, messageOf } from '../api';
import { CheckboxField, Notice, TextAreaField, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import {
  emptyBureau,
  fieldErrorsOf,
  kBands,
  settingsBodyOf,
  settingsDraftOf,
  type BureauDraft,
  type CreditSettings,
  type RefreshResult,
  type SettingsDraft,
} from '../credit-model';
import { maskMoney } from '../format';
import { useSession } from '../session';
import { Loading } from './common';
import '../credit.css';

const kFixedFields = new Set([
  'rules.min_score', 'rules.bureau_required', 'rules.bureau_valid_days', 'rules.refuse_on_restriction',
  'rules.max_commitment_income_bps', 'rules.income_required',
  'ladder.first_limit_max_income_bps', 'ladder.raise_after_on_time', 'ladder.raise_bps', 'ladder.cap_cents',
  'ladder.freeze_days_late', 'ladder.lower_days_late', 'ladder.lower_bps', 'ladder_automatic',
  ...kBands.map((_, i) => `rules.max_installments_by_band[${i}]`),
  ...kBands.map((_, i) => `ladder.first_limit_by_band_cents[${i}]`),
]);

const kBureauKeys = [
  'name', 'url', 'auth_header', 'body_template', 'restricted_pointer', 'restrictions_pointer', 'creditor_field',
  'amount_cents_field', 'date_field', 'score_pointer', 'reference_pointer', 'timeout_ms',
];

function isShown(field: string, d: SettingsDraft): boolean {
  if (kFixedFields.has(field)) return true;
  const m = /^bureaus\[(\d+)\]\.(\w+)$/.exec(field);
  return Boolean(m && Number(m[1]) < d.bureaus.length && kBureauKeys.includes(m[2]));
}

const kOtherLabels: Record<string, string> = {
  'rules.max_installments_by_band': 'Máximo de parcelas por faixa',
  'ladder.first_limit_by_band': 'Primeiro limite por faixa',
  'ladder.first_limit_by_band_cents': 'Primeiro limite por faixa',
  bureaus: 'Birôs',
  version: 'Versão',
};

export function CreditSettingsPage() {
  const { can } = useSession();
  const [saved, setSaved] = useState<CreditSettings | null>(null);
  const [draft, setDraft] = useState<SettingsDraft | null>(null);
  const [loadError, setLoadError] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const [conflict, setConflict] = useState(false);
  const [flash, setFlash] = useState('');
  const [busy, setBusy] = useState(false);

  function fill(s: CreditSettings) {
    setSaved(s);
    setDraft(settingsDraftOf(s));
  }

  async function load() {
    try {
      fill(await api.get<CreditSettings>('/api/v1/credit/settings'));
      setLoadError('');
    } catch (e) {
      setLoadError(messageOf(e));
    }
  }

  useEffect(() => {
    void load();
  }, []);

  if (!can('credit:manage')) return <Notice kind="info">Só o dono da loja configura as regras de crédito.</Notice>;
  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!draft || !saved) return <Loading />;
  const d = draft;

  function clear(fields: string[]) {
    if (fields.some((f) => errors[f])) {
      const copy = { ...errors };
      for (const f of fields) delete copy[f];
      setErrors(copy);
    }
  }

  function setRule<K extends keyof SettingsDraft['rules']>(key: K) {
    return (value: SettingsDraft['rules'][K]) => {
      setDraft({ ...d, rules: { ...d.rules, [key]: value } });
      setFlash('');
      clear([`rules.${key}`]);
    };
  }

  function setLadder<K extends keyof SettingsDraft['ladder']>(key: K) {
    return (value: SettingsDraft['ladder'][K]) => {
      setDraft({ ...d, ladder: { ...d.ladder, [key]: value } });
      setFlash('');
      clear([`ladder.${key}`]);
    };
  }

  function setBand(list: 'max_installments_by_band' | 'first_limit_by_band_cents', index: number, value: string) {
    if (list === 'max_installments_by_band') {
      const next = d.rules.max_installments_by_band.map((v, i) => (i === index ? value : v));
      setDraft({ ...d, rules: { ...d.rules, max_installments_by_band: next } });
      clear([`rules.max_installments_by_band[${index}]`]);
    } else {
      const next = d.ladder.first_limit_by_band_cents.map((v, i) => (i === index ? value : v));
      setDraft({ ...d, ladder: { ...d.ladder, first_limit_by_band_cents: next } });
      clear([`ladder.first_limit_by_band_cents[${index}]`]);
    }
    setFlash('');
  }

  function setBureau(index: number, key: keyof BureauDraft, value: string) {
    setDraft({ ...d, bureaus: d.bureaus.map((b, i) => (i === index ? { ...b, [key]: value } : b)) });
    setFlash('');
    clear([`bureaus[${index}].${key}`]);
  }

  function addBureau() {
    setDraft({ ...d, bureaus: [...d.bureaus, emptyBureau()] });
  }

  function removeBureau(index: number) {
    // Errors name bureaus by position: after a removal they would point at the wrong one.
    setErrors(Object.fromEntries(Object.entries(errors).filter(([f]) => !f.startsWith('bureaus['))));
    setDraft({ ...d, bureaus: d.bureaus.filter((_, i) => i !== index) });
  }

  async function save(event: Event) {
    event.preventDefault();
    if (busy || !saved) return;
    setFlash('');
    setOthers([]);
    setConflict(false);
    const { errors: found, body } = settingsBodyOf(d, saved);
    if (showFormErrors(found, setErrors, setMessage)) return;
    setBusy(true);
    try {
      fill(await api.put<CreditSettings>('/api/v1/credit/settings', body));
      setErrors({});
      setMessage(null);
      setFlash('Regras de crédito salvas.');
    } catch (e) {
      const fields = e instanceof ApiError && e.status === 409 ? null : fieldErrorsOf(e);
      if (fields) {
        const shown: Errors = {};
        const loose: string[] = [];
        for (const [field, detail] of Object.entries(fields)) {
          if (isShown(field, d)) shown[field] = detail;
          else loose.push(`${kOtherLabels[field] ?? field}: ${detail}`);
        }
        setErrors(shown);
        setOthers(loose);
        setMessage(loose.length ? 'As regras não foram salvas:' : 'As regras não foram salvas: confira os campos marcados.');
        focusFirstError();
      } else if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        setMessage(null);
      } else {
        setMessage(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  }

  async function reload() {
    setConflict(false);
    setErrors({});
    setMessage(null);
    await load();
    setFlash('Regras recarregadas com o que está salvo agora.');
  }

  return (
    <>
      <form class="credit-settings" onSubmit={save} noValidate aria-label="Regras de crédito">
        <div class="card">
          <h2>Crédito</h2>
          <p class="field-hint">
            Como a loja aprova vendas a prazo: o score de comportamento mínimo, a consulta ao SPC/Serasa, quanto da renda as
            parcelas podem comprometer e a escada de limites, que sobe o limite de quem paga em dia e congela o de quem atrasa.
          </p>
        </div>
        {flash ? <Notice kind="success">{flash}</Notice> : null}
        {conflict ? (
          <Notice kind="error">
            Outra pessoa salvou as regras de crédito enquanto você editava, e nada foi salvo aqui. Recarregue para ver o que está
            valendo (o que você digitou será descartado) e faça de novo as suas alterações.{' '}
            <button type="button" class="button-quiet" onClick={() => void reload()}>
              Recarregar
            </button>
          </Notice>
        ) : null}
        {message ? (
          <Notice kind="error">
            {message}
            {others.length ? (
              <ul>
                {others.map((o) => (
                  <li key={o}>{o}</li>
                ))}
              </ul>
            ) : null}
          </Notice>
        ) : null}

        <fieldset class="card">
          <legend>Regras de aprovação</legend>
          <div class="grid">
            <TextField label="Score mínimo" field="rules.min_score" value={d.rules.min_score} inputMode="numeric" maxLength={4}
              onValue={setRule('min_score')} error={errors['rules.min_score']}
              hint="De 0 a 1000. Cliente novo começa com 500 (faixa C)." />
            <TextField label="Parcelas até (% da renda)" field="rules.max_commitment_income_bps" value={d.rules.max_commitment_income_bps}
              inputMode="decimal" onValue={setRule('max_commitment_income_bps')} error={errors['rules.max_commitment_income_bps']}
              hint="Quanto da renda declarada as parcelas do mês podem ocupar, como 30." />
            <TextField label="Consulta vale por (dias)" field="rules.bureau_valid_days" value={d.rules.bureau_valid_days}
              inputMode="numeric" maxLength={3} onValue={setRule('bureau_valid_days')} error={errors['rules.bureau_valid_days']}
              hint="Depois disso a consulta ao SPC/Serasa precisa ser refeita." />
          </div>
          <div class="check-row">
            <CheckboxField label="Exigir consulta ao SPC/Serasa para vender a prazo" field="rules.bureau_required"
              checked={d.rules.bureau_required} onChecked={setRule('bureau_required')} error={errors['rules.bureau_required']} />
            <CheckboxField label="Recusar quem tem restrição no birô" field="rules.refuse_on_restriction"
              checked={d.rules.refuse_on_restriction} onChecked={setRule('refuse_on_restriction')}
              error={errors['rules.refuse_on_restriction']} />
            <CheckboxField label="Exigir renda declarada" field="rules.income_required" checked={d.rules.income_required}
              onChecked={setRule('income_required')} error={errors['rules.income_required']} />
          </div>
          <fieldset class="plain-fieldset">
            <legend>Máximo de parcelas por faixa de score</legend>
            <p class="field-hint">0 = a faixa não compra parcelado.</p>
            <div class="band-grid">
              {kBands.map((band, i) => (
                <TextField key={band} label={`Faixa ${band}`} field={`rules.max_installments_by_band[${i}]`}
                  value={d.rules.max_installments_by_band[i]} inputMode="numeric" maxLength={3}
                  mask={(t) => t.replace(/\D/g, '')} onValue={(v) => setBand('max_installments_by_band', i, v)}
                  error={errors[`rules.max_installments_by_band[${i}]`]} />
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset class="card">
          <legend>Escada de limites</legend>
          <CheckboxField label="Aplicar a escada sozinha todas as noites" field="ladder_automatic" checked={d.ladder_automatic}
            class="wide-hint" onChecked={(v) => { setDraft({ ...d, ladder_automatic: v }); setFlash(''); }}
            error={errors.ladder_automatic}
            hint="Desligado, a escada só sugere: o dono aplica o aumento ou a redução na página do cliente." />
          <fieldset class="plain-fieldset">
            <legend>Primeiro limite por faixa (R$)</legend>
            <div class="band-grid">
              {kBands.map((band, i) => (
                <TextField key={band} label={`Faixa ${band}`} id={`f-first-limit-${i}`} field={`ladder.first_limit_by_band_cents[${i}]`}
                  value={d.ladder.first_limit_by_band_cents[i]} mask={maskMoney} inputMode="decimal"
                  onValue={(v) => setBand('first_limit_by_band_cents', i, v)}
                  error={errors[`ladder.first_limit_by_band_cents[${i}]`]} />
              ))}
            </div>
          </fieldset>
          <div class="grid">
            <TextField label="Primeiro limite até (% da renda)" field="ladder.first_limit_max_income_bps"
              value={d.ladder.first_limit_max_income_bps} inputMode="decimal" onValue={setLadder('first_limit_max_income_bps')}
              error={errors['ladder.first_limit_max_income_bps']} />
            <TextField label="Subir depois de (parcelas em dia)" field="ladder.raise_after_on_time" value={d.ladder.raise_after_on_time}
              inputMode="numeric" maxLength={2} onValue={setLadder('raise_after_on_time')} error={errors['ladder.raise_after_on_time']} />
            <TextField label="Aumento (%)" field="ladder.raise_bps" value={d.ladder.raise_bps} inputMode="decimal"
              onValue={setLadder('raise_bps')} error={errors['ladder.raise_bps']} hint="Quanto o limite sobe a cada degrau." />
            <TextField label="Teto do limite (R$)" field="ladder.cap_cents" value={d.ladder.cap_cents} mask={maskMoney} inputMode="decimal"
              onValue={setLadder('cap_cents')} error={errors['ladder.cap_cents']} />
            <TextField label="Congelar com atraso de (dias)" field="ladder.freeze_days_late" value={d.ladder.freeze_days_late}
              inputMode="numeric" maxLength={4} onValue={setLadder('freeze_days_late')} error={errors['ladder.freeze_days_late']} />
            <TextField label="Reduzir com atraso de (dias)" field="ladder.lower_days_late" value={d.ladder.lower_days_late}
              inputMode="numeric" maxLength={4} onValue={setLadder('lower_days_late')} error={errors['ladder.lower_days_late']} />
            <TextField label="Reduzir para (% do limite)" field="ladder.lower_bps" value={d.ladder.lower_bps} inputMode="decimal"
              onValue={setLadder('lower_bps')} error={errors['ladder.lower_bps']}
              hint="Nunca abaixo do que o cliente já deve." />
          </div>
        </fieldset>

        <fieldset class="card">
          <legend>Birôs de crédito (consulta online)</legend>
          <p class="field-hint">
            Para o botão “Consultar agora” na página do cliente: o endereço da API do birô (ou do seu intermediário), o
            cabeçalho de autenticação e onde ler a resposta (ponteiros JSON, como /restricoes). Sem birô configurado, a consulta
            é feita no site do birô e registrada à mão.
          </p>
          {d.bureaus.length === 0 ? <p>Nenhum birô configurado.</p> : null}
          {d.bureaus.map((b, i) => (
            <BureauFields key={i} index={i} bureau={b} errors={errors} onChange={setBureau} onRemove={removeBureau} />
          ))}
          <button type="button" onClick={addBureau}>
            Adicionar birô
          </button>
        </fieldset>

        <div class="form-actions sticky-actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : 'Salvar regras de crédito'}
          </button>
        </div>
      </form>
      <RefreshBox />
    </>
  );
}

function BureauFields({ index: i, bureau: b, errors, onChange, onRemove }: {
  index: number;
  bureau: BureauDraft;
  errors: Errors;
  onChange: (index: number, key: keyof BureauDraft, value: string) => void;
  onRemove: (index: number) => void;
}) {
  const f = (key: string) => `bureaus[${i}].${key}`;
  const set = (key: keyof BureauDraft) => (v: string) => onChange(i, key, v);
  const title = b.name.trim() || `Birô ${i + 1}`;
  return (
    <div class="bureau-card" data-bureau={i} role="group" aria-label={title}>
      <div class="bureau-card-head">
        <h3>{title}</h3>
        <button type="button" class="button-quiet" onClick={() => onRemove(i)} aria-label={`Remover ${title}`}>
          Remover
        </button>
      </div>
      <div class="grid">
        <TextField label="Nome" field={f('name')} value={b.name} maxLength={40} onValue={set('name')} error={errors[f('name')]}
          placeholder="SPC Brasil" />
        <TextField label="Endereço da API" field={f('url')} class="span-2" type="url" value={b.url} onValue={set('url')}
          error={errors[f('url')]} placeholder="https://api.exemplo.com.br/v1/consulta"
          hint="{cpf} no endereço é trocado pelo CPF do cliente." />
        <TextField label="Cabeçalho de autenticação" field={f('auth_header')} type="password" autoComplete="new-password"
          value={b.auth_header} onValue={set('auth_header')} error={errors[f('auth_header')]}
          hint={b.auth_header_set ? 'cabeçalho definido — deixe em branco para manter.' : 'No formato Nome: valor, como Authorization: Bearer abc123.'} />
        <TextField label="Tempo limite (ms)" field={f('timeout_ms')} value={b.timeout_ms} inputMode="numeric" maxLength={5}
          onValue={set('timeout_ms')} error={errors[f('timeout_ms')]} />
        <TextAreaField label="Corpo do pedido (JSON)" field={f('body_template')} class="span-2" rows={2} value={b.body_template}
          onValue={set('body_template')} error={errors[f('body_template')]}
          hint='Enviado por POST; {cpf} e {purpose} são trocados pelo CPF e pela finalidade. Em branco: {"cpf":"{cpf}","purpose":"{purpose}"}.' />
        <TextField label="Restrito? (ponteiro)" field={f('restricted_pointer')} value={b.restricted_pointer}
          onValue={set('restricted_pointer')} error={errors[f('restricted_pointer')]} placeholder="/restrito" />
        <TextField label="Lista de restrições (ponteiro)" field={f('restrictions_pointer')} value={b.restrictions_pointer}
          onValue={set('restrictions_pointer')} error={errors[f('restrictions_pointer')]} placeholder="/restricoes" />
        <TextField label="Campo do credor" field={f('creditor_field')} value={b.creditor_field} onValue={set('creditor_field')}
          error={errors[f('creditor_field')]} placeholder="credor" />
        <TextField label="Campo do valor (centavos)" field={f('amount_cents_field')} value={b.amount_cents_field}
          onValue={set('amount_cents_field')} error={errors[f('amount_cents_field')]} placeholder="valor_centavos" />
        <TextField label="Campo da data" field={f('date_field')} value={b.date_field} onValue={set('date_field')}
          error={errors[f('date_field')]} placeholder="data (opcional)" />
        <TextField label="Score do birô (ponteiro)" field={f('score_pointer')} value={b.score_pointer} onValue={set('score_pointer')}
          error={errors[f('score_pointer')]} placeholder="/score (opcional)" />
        <TextField label="Protocolo (ponteiro)" field={f('reference_pointer')} value={b.reference_pointer}
          onValue={set('reference_pointer')} error={errors[f('reference_pointer')]} placeholder="/protocolo (opcional)" />
      </div>
    </div>
  );
}

// "Recalcular scores agora": the nightly job (score every customer, apply the ladder when
// it is automatic) at once.
function RefreshBox() {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);

  async function run() {
    setBusy(true);
    setResult(null);
    try {
      const r = await api.post<RefreshResult>('/api/v1/credit/refresh', {});
      setResult({
        kind: 'success',
        text: `Scores recalculados: ${r.scored} ${r.scored === 1 ? 'cliente' : 'clientes'}; ${r.raised} ${r.raised === 1 ? 'limite aumentado' : 'limites aumentados'}, ${r.lowered} ${r.lowered === 1 ? 'reduzido' : 'reduzidos'}.`,
      });
    } catch (e) {
      setResult({ kind: 'error', text: messageOf(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="recalcular-titulo">
      <h2 id="recalcular-titulo">Recalcular agora</h2>
      <p class="field-hint">
        Os scores são recalculados todas as noites (e a escada aplicada, se estiver ligada). Para ver o efeito de regras novas já,
        recalcule agora.
      </p>
      <div class="refresh-box">
        <button type="button" onClick={() => void run()} disabled={busy}>
          {busy ? 'Recalculando…' : 'Recalcular scores agora'}
        </button>
      </div>
      {result ? <Notice kind={result.kind}>{result.text}</Notice> : null}
    </section>
  );
}
