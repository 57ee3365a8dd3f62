// Conciliação (owner only, payments:reconcile): the upload of a bank file (a CNAB return
// or an OFX statement) with its report, the reconciliation queue (pendências) and the past
// imports, each with the events it read.
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf, type BankEventRecord, type ImportDetail, type ImportReport } from '../api';
import { Dialog } from '../components/dialog';
import { FileField, Notice } from '../components/fields';
import { useFormSubmit } from '../components/submit';
import { receiptPdfUrl } from '../documents';
import { formatBRL, formatDate, formatInstant } from '../format';
import {
  bankLabel,
  importBankFile,
  kDuplicateFile,
  kindLabel,
  kOutcomeLabels,
  plural,
  problemText,
  reportLines,
  reportLineValue,
} from '../reconciliation-model';
import { useSession } from '../session';
import { Loading, NoPermission, PageHeader } from './common';
import { QueueCard } from './reconciliation-queue';

export function ReconciliationPage() {
  const { can } = useSession();
  const [imports, setImports] = useState<ImportReport[] | null>(null);
  const [importsError, setImportsError] = useState('');
  const [queueVersion, setQueueVersion] = useState(0);
  const allowed = can('payments:reconcile');

  async function loadImports() {
    try {
      setImports((await api.get<{ imports: ImportReport[] }>('/api/v1/bank-files')).imports);
      setImportsError('');
    } catch (e) {
      setImportsError(messageOf(e));
    }
  }

  useEffect(() => {
    if (allowed) void loadImports();
  }, [allowed]);

  if (!allowed) return <NoPermission what="Só o dono da loja concilia os arquivos do banco." />;

  return (
    <section>
      <PageHeader title="Conciliação" />
      <UploadCard onImported={() => { void loadImports(); setQueueVersion((v) => v + 1); }} />
      <QueueCard version={queueVersion} />
      <ImportsCard imports={imports} error={importsError} />
    </section>
  );
}

// ---- Upload ---------------------------------------------------------------------------

function UploadCard({ onImported }: { onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [chooser, setChooser] = useState(0);
  const form = useFormSubmit();

  function submit(event: Event) {
    event.preventDefault();
    setReport(null);
    void form.submit(file ? {} : { arquivo: 'escolha o arquivo do banco' }, async () => {
      setReport(await importBankFile(file!));
      setFile(null);
      setChooser((n) => n + 1);
      onImported();
    });
  }

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="importar-titulo">
      <h2 id="importar-titulo">Importar arquivo do banco</h2>
      <p class="field-hint">
        O arquivo de retorno da cobrança (CNAB 240 ou 400, como .ret ou .txt) lança os boletos pagos; o extrato em OFX lança os
        créditos que casarem com parcelas. Importar o mesmo arquivo de novo não lança nada em dobro.
      </p>
      {form.message ? <Notice kind="error">{form.message}</Notice> : null}
      <div class="upload-row">
        <FileField key={chooser} label="Arquivo de retorno (CNAB) ou extrato (OFX)" field="arquivo" required error={form.errors.arquivo}
          onFile={(f) => { setFile(f); form.clear('arquivo'); }} />
        <button type="submit" class="button-primary" disabled={form.busy}>
          {form.busy ? 'Importando…' : 'Importar'}
        </button>
      </div>
      {report ? <ImportReportView report={report} /> : null}
    </form>
  );
}

// ---- Report -------------------------------------------------------------------------------

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <section class="subcard import-report" aria-label={`Resultado da importação de ${report.file_name}`}>
      <p class="field-hint">{reportHeading(report)}</p>
      {report.refused ? (
        <Notice kind="error">
          <strong>Arquivo recusado: nada foi lançado.</strong>
          <ul>
            {report.problems.map((p, i) => (
              <li key={i}>{problemText(p)}</li>
            ))}
          </ul>
        </Notice>
      ) : (
        <ReportTotals report={report} />
      )}
      {report.duplicate_of ? <Notice kind="info">{kDuplicateFile}</Notice> : null}
    </section>
  );
}

function reportHeading(r: ImportReport): string {
  const parts = [r.file_name, kindLabel(r.kind)];
  if (r.bank_code) parts.push(bankLabel(r.bank_code));
  if (r.agreement) parts.push(`convênio ${r.agreement}`);
  if (!r.refused) parts.push(plural(r.records, 'registro', 'registros'));
  parts.push(`importado em ${formatInstant(r.started_at)}`);
  return parts.join(' · ');
}

function ReportTotals({ report }: { report: ImportReport }) {
  return (
    <dl class="dl totals" aria-label="Totais da importação">
      {reportLines(report).map((line) => (
        <div class="dl-item" key={line.label}>
          <dt>{line.label}</dt>
          <dd>{reportLineValue(line)}</dd>
        </div>
      ))}
      <div class="dl-item">
        <dt>Tarifas do banco</dt>
        <dd>{formatBRL(report.fee_cents)}</dd>
      </div>
    </dl>
  );
}

// ---- Past imports -------------------------------------------------------------------------

function ImportsCard({ imports, error }: { imports: ImportReport[] | null; error: string }) {
  const [open, setOpen] = useState<ImportReport | null>(null);
  return (
    <section class="card" aria-labelledby="importados-titulo">
      <h2 id="importados-titulo">Arquivos importados</h2>
      {error ? <Notice kind="error">{error}</Notice> : null}
      {imports === null && !error ? <Loading /> : null}
      {imports?.length === 0 ? <p>Nenhum arquivo importado ainda.</p> : null}
      {imports?.length ? (
        <table class="table imports-table" aria-label="Arquivos importados">
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Arquivo</th>
              <th scope="col">Banco</th>
              <th scope="col" class="num">Registros</th>
              <th scope="col" class="num">Lançados</th>
              <th scope="col" class="num">Já importados</th>
              <th scope="col" class="num">Pendências</th>
              <th scope="col"><span class="visually-hidden">Ações</span></th>
            </tr>
          </thead>
          <tbody>
            {imports.map((r) => (
              <ImportRow key={r.id} report={r} onOpen={() => setOpen(r)} />
            ))}
          </tbody>
        </table>
      ) : null}
      {open ? <ImportDialog report={open} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function ImportRow({ report: r, onOpen }: { report: ImportReport; onOpen: () => void }) {
  return (
    <tr data-import={r.id}>
      <td data-label="Data">{formatInstant(r.started_at)}</td>
      <td data-label="Arquivo" class="cell-title">
        {r.file_name}
        {r.refused ? <span class="badge badge-blocked">recusado</span> : null}
        {r.duplicate_of ? <span class="badge badge-written-off">repetido</span> : null}
      </td>
      <td data-label="Banco">{bankLabel(r.bank_code)}</td>
      <td data-label="Registros" class="num">{r.records}</td>
      <td data-label="Lançados" class="num">{r.posted}</td>
      <td data-label="Já importados" class="num">{r.already_imported}</td>
      <td data-label="Pendências" class="num">{r.queued}</td>
      <td>
        <button type="button" class="button-small" onClick={onOpen}>
          Ver registros<span class="visually-hidden"> de {r.file_name} em {formatInstant(r.started_at)}</span>
        </button>
      </td>
    </tr>
  );
}

function ImportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  const [detail, setDetail] = useState<ImportDetail | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    api.get<ImportDetail>(`/api/v1/bank-files/${encodeURIComponent(report.id)}`).then(setDetail, (e) => setError(messageOf(e)));
  }, [report.id]);

  return (
    <Dialog title={`Importação de ${report.file_name}`} onClose={onClose} wide>
      <ImportReportView report={detail ?? report} />
      {error ? <Notice kind="error">{error}</Notice> : null}
      {!detail && !error ? <Loading /> : null}
      {detail?.events.length ? <EventsTable events={detail.events} /> : null}
      {detail && detail.events.length === 0 && !detail.refused ? <p>Nenhum registro lido neste arquivo.</p> : null}
      <div class="form-actions">
        <button type="button" onClick={onClose}>
          Voltar
        </button>
      </div>
    </Dialog>
  );
}

function EventsTable({ events }: { events: BankEventRecord[] }) {
  return (
    <table class="table compact events-table" aria-label="Registros do arquivo">
      <thead>
        <tr>
          <th scope="col" class="num">Linha</th>
          <th scope="col">Referência</th>
          <th scope="col">Data</th>
          <th scope="col">Pagador</th>
          <th scope="col" class="num">Valor pago</th>
          <th scope="col" class="num">Tarifa</th>
          <th scope="col">Resultado</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.key} data-outcome={e.outcome}>
            <td class="num">{e.line || '—'}</td>
            <td><code>{e.reference || '—'}</code></td>
            <td>{formatDate(e.occurred_on) || '—'}</td>
            <td>{e.payer_name || '—'}</td>
            <td class="num">{formatBRL(e.paid_cents)}</td>
            <td class="num">{formatBRL(e.fee_cents)}</td>
            <td><EventOutcome event={e} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventOutcome({ event: e }: { event: BankEventRecord }) {
  return (
    <>
      {kOutcomeLabels[e.outcome] ?? e.outcome}
      {e.installment ? <span class="slip-detail">parcela {e.installment.number}</span> : null}
      {e.note ? <span class="slip-detail">{e.note}</span> : null}
      {e.payment_id ? (
        <a class="slip-detail" href={receiptPdfUrl(e.payment_id, 'a4')} target="_blank" rel="noopener">
          Recibo<span class="visually-hidden"> do pagamento da linha {e.line}</span>
        </a>
      ) : null}
    </>
  );
}
