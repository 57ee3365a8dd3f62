// Regras de contato: when the régua runs, how many contacts a customer may get per day and
// per week, the contact hours per weekday (a shop may narrow the law's, never widen them),
// stricter hours for customers of some states, and the payment link the messages carry.
// The law's hours are shown for reference; the server refuses anything wider (422 on the
// day's field).
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api';
import { CheckboxField, Notice, SelectField, TextField, focusFirstError, showFormErrors, type Errors } from '../components/fields';
import {
  collectionAccess,
  collectionFieldErrors,
  describeDay,
  kWeekdayLabels,
  kWeekdays,
  lawStateHours,
  splitErrors,
  type CollectionSettings,
  type LawHours,
  type SettingsAnswer,
  type WeekHours,
  type Weekday,
} from '../collection-model';
import { useSession } from '../session';
import { kUfs } from '../validate';
import { Loading } from './common';

interface DayDraft {
  closed: boolean;
  open: string;
  close: string;
}

type WeekDraft = Record<Weekday, DayDraft>;

interface RulesDraft {
  run_time: string;
  daily_cap: string;
  weekly_cap: string;
  payment_link: string;
  hours: WeekDraft;
  by_state: { uf: string; hours: WeekDraft }[];
}

function weekDraftOf(hours: WeekHours | undefined): WeekDraft {
  const out = {} as WeekDraft;
  for (const day of kWeekdays) {
    const h = hours?.[day] ?? null;
    out[day] = h ? { closed: false, open: h.open, close: h.close } : { closed: true, open: '', close: '' };
  }
  return out;
}

function draftOf(s: CollectionSettings): RulesDraft {
  return {
    run_time: s.run_time ?? '',
    daily_cap: String(s.daily_cap ?? ''),
    weekly_cap: String(s.weekly_cap ?? ''),
    payment_link: s.payment_link ?? '',
    hours: weekDraftOf(s.hours),
    by_state: Object.entries(s.by_state ?? {}).sort((a, b) => a[0].localeCompare(b[0])).map(([uf, v]) => ({ uf, hours: weekDraftOf(v.hours) })),
  };
}

// "0830" → "08:30" while typing.
function maskTime(text: string): string {
  const d = text.replace(/\D/g, '').slice(0, 4);
  return d.length <= 2 ? d : `${d.slice(0, 2)}:${d.slice(2)}`;
}

const kTime = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

function checkWeek(week: WeekDraft, prefix: string, errors: Errors): WeekHours {
  const out = {} as WeekHours;
  for (const day of kWeekdays) {
    const d = week[day];
    if (d.closed) {
      out[day] = null;
      continue;
    }
    const f = `${prefix}.${day}`;
    if (!kTime.test(d.open)) errors[`${f}.open`] = 'use hh:mm';
    if (!kTime.test(d.close)) errors[`${f}.close`] = 'use hh:mm';
    if (kTime.test(d.open) && kTime.test(d.close) && d.open >= d.close) errors[`${f}.close`] = 'o fim deve ser depois do início';
    out[day] = { open: d.open, close: d.close };
  }
  return out;
}

function checkDraft(d: RulesDraft): { errors: Errors; body: CollectionSettings | null } {
  const errors: Errors = {};
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(d.run_time)) errors.run_time = 'use hh:mm, como 09:00';
  const daily = /^\d{1,2}$/.test(d.daily_cap.trim()) ? Number(d.daily_cap) : null;
  const weekly = /^\d{1,2}$/.test(d.weekly_cap.trim()) ? Number(d.weekly_cap) : null;
  if (daily === null) errors.daily_cap = 'use um número inteiro';
  if (weekly === null) errors.weekly_cap = 'use um número inteiro';
  const link = d.payment_link.trim();
  if (link && !/^https?:\/\/\S+$/.test(link)) errors.payment_link = 'use um endereço completo, começando por https://';
  const hours = checkWeek(d.hours, 'hours', errors);
  const byState: CollectionSettings['by_state'] = {};
  for (const s of d.by_state) byState[s.uf] = { hours: checkWeek(s.hours, `by_state.${s.uf}.hours`, errors) };
  if (Object.keys(errors).length) return { errors, body: null };
  return { errors, body: { run_time: d.run_time, daily_cap: daily ?? 1, weekly_cap: weekly ?? 3, payment_link: link, hours, by_state: byState } };
}

// The inputs an error may name.
function isShown(field: string, d: RulesDraft): boolean {
  if (['run_time', 'daily_cap', 'weekly_cap', 'payment_link', 'hours', 'by_state'].includes(field)) return true;
  const m = /^(hours|by_state\.([A-Z]{2})(?:\.hours)?)(?:\.(\w+))?(?:\.(open|close))?$/.exec(field);
  if (!m) return false;
  if (m[2] && !d.by_state.some((s) => s.uf === m[2])) return false;
  return !m[3] || (kWeekdays as readonly string[]).includes(m[3]);
}

// An error on a UF as a whole ("by_state.RJ") goes to its first day; on the whole week
// ("hours") to Monday.
function placeErrors(errors: Errors): Errors {
  const out: Errors = {};
  for (const [f, detail] of Object.entries(errors)) {
    let to = f;
    if (/^by_state\.[A-Z]{2}$/.test(f)) to = `${f}.uf`;
    else if (/^by_state\.[A-Z]{2}\.hours$/.test(f) || f === 'hours') to = `${f.replace(/^(by_state\.[A-Z]{2})$/, '$1.hours')}.monday`;
    out[to] = out[to] ? `${out[to]}; ${detail}` : detail;
  }
  return out;
}

export function ContactRulesPage() {
  const { session } = useSession();
  const readOnly = !collectionAccess(session).manage;
  const [law, setLaw] = useState<LawHours | null>(null);
  const [draft, setDraft] = useState<RulesDraft | null>(null);
  const [loadError, setLoadError] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [others, setOthers] = useState<string[]>([]);
  const [flash, setFlash] = useState('');
  const [busy, setBusy] = useState(false);
  const [newUf, setNewUf] = useState('');

  function fill(answer: SettingsAnswer) {
    setLaw(answer.law);
    setDraft(draftOf(answer.settings));
  }

  useEffect(() => {
    api.get<SettingsAnswer>('/api/v1/collection/settings').then(fill, (e) => setLoadError(messageOf(e)));
  }, []);

  if (loadError) return <Notice kind="error">{loadError}</Notice>;
  if (!draft || !law) return <Loading />;
  const d = draft;

  function change(next: Partial<RulesDraft>, fields: string[]) {
    setDraft({ ...d, ...next });
    if (fields.some((f) => errors[f])) {
      const copy = { ...errors };
      for (const f of fields) delete copy[f];
      setErrors(copy);
    }
  }

  // The law's hours for customers of a state: the default narrowed by the state's own.
  function lawFor(uf: string): WeekHours {
    const own = law!.states?.[uf];
    return own ? intersect(law!.hours, lawStateHours(own)) : law!.hours;
  }

  function addState() {
    if (!newUf || d.by_state.some((s) => s.uf === newUf)) return;
    const by_state = [...d.by_state, { uf: newUf, hours: weekDraftOf(lawFor(newUf)) }].sort((a, b) => a.uf.localeCompare(b.uf));
    setDraft({ ...d, by_state });
    setNewUf('');
  }

  async function save(event: Event) {
    event.preventDefault();
    if (busy || readOnly) return;
    setFlash('');
    setOthers([]);
    const { errors: found, body } = checkDraft(d);
    if (showFormErrors(found, setErrors, setMessage) || !body) return;
    setBusy(true);
    try {
      fill(await api.put<SettingsAnswer>('/api/v1/collection/settings', body));
      setFlash('Regras de contato salvas.');
      setMessage(null);
    } catch (e) {
      const fields = collectionFieldErrors(e);
      if (fields) {
        const split = splitErrors(placeErrors(fields), (f) => isShown(f, d) || /\.uf$/.test(f));
        setErrors(split.fields);
        setOthers(split.others);
        setMessage(split.others.length ? 'As regras não foram salvas:' : null);
        focusFirstError();
      } else {
        setMessage(messageOf(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const ufOptions = [
    { value: '', label: 'Escolha o estado…' },
    ...kUfs.filter((uf) => !d.by_state.some((s) => s.uf === uf)).map((uf) => ({ value: uf, label: uf })),
  ];

  return (
    <form class="rules-editor" onSubmit={save} noValidate aria-label="Regras de contato">
      {flash ? <Notice kind="success">{flash}</Notice> : null}
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
      {readOnly ? <Notice kind="info">Só o dono da loja altera as regras de contato.</Notice> : null}
      <fieldset class="card" disabled={readOnly}>
        <legend>Execução e limites</legend>
        <div class="grid">
          <TextField label="Horário da execução diária" field="run_time" value={d.run_time} mask={maskTime} inputMode="numeric" placeholder="09:00" error={errors.run_time}
            hint="A régua roda sozinha todo dia neste horário (fuso da loja)." onValue={(v) => change({ run_time: v }, ['run_time'])} />
          <TextField label="Link de pagamento" field="payment_link" type="url" value={d.payment_link} error={errors.payment_link}
            placeholder="https://" hint="Vai nas mensagens pela variável {link_pagamento}."
            onValue={(v) => change({ payment_link: v }, ['payment_link'])} />
          <TextField label="Contatos por dia, por cliente" field="daily_cap" value={d.daily_cap} inputMode="numeric" error={errors.daily_cap}
            hint="De 1 a 3." onValue={(v) => change({ daily_cap: v }, ['daily_cap'])} />
          <TextField label="Contatos por semana, por cliente" field="weekly_cap" value={d.weekly_cap} inputMode="numeric"
            error={errors.weekly_cap} hint="Entre o limite diário e 10, em quaisquer 7 dias seguidos."
            onValue={(v) => change({ weekly_cap: v }, ['weekly_cap'])} />
        </div>
      </fieldset>

      <fieldset class="card" disabled={readOnly}>
        <legend>Horário de contato</legend>
        <p class="field-hint">
          Mensagens e ligações só saem nestes horários; fora deles ficam para o próximo horário permitido. Domingos e feriados
          nunca. A loja pode restringir o horário da lei, não ampliar.
        </p>
        <HoursTable prefix="hours" label="Horário de contato da loja" week={d.hours} law={law.hours} errors={errors}
          onChange={(hours, fields) => change({ hours }, fields)} />
      </fieldset>

      <fieldset class="card" disabled={readOnly}>
        <legend>Horário por estado do cliente</legend>
        <p class="field-hint">Para clientes de um estado, um horário mais restrito. A lei do estado vale mesmo sem isto.</p>
        {d.by_state.length === 0 ? <p>Nenhum estado com horário próprio.</p> : null}
        {d.by_state.map((s, index) => (
          <section key={s.uf} class="subcard state-hours" aria-label={`Horário para clientes de ${s.uf}`} data-field={`by_state.${s.uf}.uf`}>
            <div class="card-head">
              <h3>{s.uf}</h3>
              {!readOnly ? (
                <button type="button" class="button-small button-quiet"
                  onClick={() => change({ by_state: d.by_state.filter((_, j) => j !== index) }, [])}>
                  Remover<span class="visually-hidden"> o horário de {s.uf}</span>
                </button>
              ) : null}
            </div>
            {errors[`by_state.${s.uf}.uf`] ? <Notice kind="error">{errors[`by_state.${s.uf}.uf`]}</Notice> : null}
            <HoursTable prefix={`by_state.${s.uf}.hours`} label={`Horário para clientes de ${s.uf}`} week={s.hours} law={lawFor(s.uf)}
              errors={errors}
              onChange={(hours, fields) => change({ by_state: d.by_state.map((x, j) => (j === index ? { ...x, hours } : x)) }, fields)} />
          </section>
        ))}
        {!readOnly ? (
          <div class="row-with-action">
            <SelectField label="Adicionar estado" field="new_state" value={newUf} options={ufOptions} onValue={setNewUf} />
            <button type="button" onClick={addState} disabled={!newUf}>
              Adicionar
            </button>
          </div>
        ) : null}
      </fieldset>

      <LawCard law={law} />

      {!readOnly ? (
        <div class="form-actions sticky-actions">
          <button type="submit" class="button-primary" disabled={busy}>
            {busy ? 'Salvando…' : 'Salvar regras'}
          </button>
        </div>
      ) : null}
    </form>
  );
}

function intersect(a: WeekHours, b: WeekHours): WeekHours {
  const out = {} as WeekHours;
  for (const day of kWeekdays) {
    const x = a?.[day];
    const y = b?.[day];
    if (!x || !y) {
      out[day] = null;
      continue;
    }
    const open = x.open > y.open ? x.open : y.open;
    const close = x.close < y.close ? x.close : y.close;
    out[day] = open < close ? { open, close } : null;
  }
  return out;
}

function HoursTable({ prefix, label, week, law, errors, onChange }: {
  prefix: string;
  label: string;
  week: WeekDraft;
  law: WeekHours;
  errors: Errors;
  onChange: (week: WeekDraft, fields: string[]) => void;
}) {
  function set(day: Weekday, next: Partial<DayDraft>) {
    const f = `${prefix}.${day}`;
    onChange({ ...week, [day]: { ...week[day], ...next } }, [f, `${f}.open`, `${f}.close`]);
  }
  return (
    <table class="table compact hours-table" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Dia</th>
          <th scope="col">Fechado</th>
          <th scope="col">Início</th>
          <th scope="col">Fim</th>
          <th scope="col">Lei</th>
        </tr>
      </thead>
      <tbody>
        {kWeekdays.map((day) => {
          const d = week[day];
          const f = `${prefix}.${day}`;
          const name = kWeekdayLabels[day];
          return (
            <tr key={day} data-day={day}>
              <th scope="row">{name}</th>
              <td>
                <CheckboxField label={`${name}: fechado`} field={f} checked={d.closed} error={errors[f]}
                  onChecked={(closed) => set(day, closed ? { closed } : { closed, open: d.open || law[day]?.open || '08:00', close: d.close || law[day]?.close || '18:00' })} />
              </td>
              <td>
                {!d.closed ? (
                  <TextField label={`${name}: início`} hideLabel field={`${f}.open`} value={d.open} mask={maskTime} inputMode="numeric" placeholder="08:00" error={errors[`${f}.open`]}
                    onValue={(open) => set(day, { open })} />
                ) : null}
              </td>
              <td>
                {!d.closed ? (
                  <TextField label={`${name}: fim`} hideLabel field={`${f}.close`} value={d.close} mask={maskTime} inputMode="numeric" placeholder="18:00" error={errors[`${f}.close`]}
                    onValue={(close) => set(day, { close })} />
                ) : null}
              </td>
              <td class="muted">{describeDay(law[day])}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function LawCard({ law }: { law: LawHours }) {
  const states = Object.entries(law.states ?? {}).sort((a, b) => a[0].localeCompare(b[0]));
  return (
    <section class="card" aria-labelledby="lei-titulo">
      <h2 id="lei-titulo">O que a lei permite</h2>
      <p class="field-hint">
        Horários em que a cobrança pode procurar o cliente (Lei estadual de SP 15.426/2014 como padrão; alguns estados têm lei
        mais restrita). Nunca aos domingos e feriados.
      </p>
      <table class="table compact law-table" aria-label="Horários da lei">
        <thead>
          <tr>
            <th scope="col">Dia</th>
            <th scope="col">Padrão</th>
            {states.map(([uf]) => (
              <th scope="col" key={uf}>
                {uf}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kWeekdays.map((day) => (
            <tr key={day}>
              <th scope="row">{kWeekdayLabels[day]}</th>
              <td>{describeDay(law.hours?.[day])}</td>
              {states.map(([uf, value]) => (
                <td key={uf}>{describeDay(lawStateHours(value)[day])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
