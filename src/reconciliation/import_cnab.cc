// Importing a CNAB return file: check it whole, then settle its titles in batches in the
// order of their payment dates.
#include <algorithm>
#include <fstream>
#include <utility>

#include <fmt/format.h>

#include "bankfiles/cnab.h"
#include "payments/boleto_banks.h"
#include "reconciliation/cnab_events.h"
#include "reconciliation/digest.h"
#include "reconciliation/service.h"

namespace fiado::reconciliation {
namespace {

constexpr std::size_t kBatchTitles = 1000;

struct ReadFile {
  bankfiles::ReturnSummary summary{};
  std::vector<bankfiles::ReturnTitle> titles{};
};

core::Result<ReadFile> ReadTitles(const std::string& path) {
  std::ifstream input(path, std::ios::binary);
  if (!input) return core::Invalid("arquivo", "não foi possível ler o arquivo");
  ReadFile file;
  auto summary = bankfiles::ReadReturn(
      input, [&](const bankfiles::ReturnTitle& title) { file.titles.push_back(title); });
  if (!summary) return core::Fail(std::move(summary.error()));
  file.summary = std::move(*summary);
  return file;
}

void Refuse(ImportReport& report, std::int64_t line, std::string field, std::string message) {
  report.refused = true;
  report.problems.push_back({line, std::move(field), std::move(message)});
}

// The file's own problems, then whether it is the shop's.
void CheckFile(ImportReport& report, const ReadFile& file, const stores::Store& store) {
  for (const auto& problem : file.summary.problems) {
    Refuse(report, problem.line, problem.field, problem.message);
  }
  if (!store.settings.bank_agreement) {
    Refuse(report, 0, "settings.bank_agreement",
           "a loja não tem convênio bancário configurado (Configurações → Boleto)");
    return;
  }
  if (auto same = CheckFileAgreement(file.summary.info, *store.settings.bank_agreement); !same) {
    Refuse(report, 1, same.error().field, same.error().message_pt);
  }
}

PendingEvent PendingOf(const bankfiles::CnabFileInfo& info, const stores::BankAgreement& agreement,
                       const bankfiles::ReturnTitle& title) {
  return PendingEvent{EventOf(info, agreement, title), ActionOf(info, title.occurrence),
                      payments::SequenceOfNossoNumero(agreement, title.nosso_numero)};
}

}  // namespace

core::Result<ImportReport> ReconciliationService::ImportCnab(const core::Actor& actor,
                                                             const std::string& path,
                                                             const std::string& file_name,
                                                             const Progress& progress) {
  auto store = StoreOf(actor.store_id);
  if (!store) return core::Fail(std::move(store.error()));
  auto report = OpenReport(actor, path, file_name);
  if (!report) return report;
  return ImportTitles(actor, std::move(*report), path, *store, progress);
}

core::Result<ImportReport> ReconciliationService::OpenReport(const core::Actor& actor,
                                                             const std::string& path,
                                                             const std::string& file_name) const {
  ImportReport report;
  report.id = ids_.NextText();
  report.store_id = actor.store_id;
  report.file_name = file_name;
  report.started_at = clock_.Now();
  report.started_by = actor.actor;
  auto sha = FileSha256(path);
  if (!sha) return core::Invalid("arquivo", "não foi possível ler o arquivo");
  report.file_sha256 = *sha;
  if (auto earlier = repository_.FindImportBySha(actor.store_id, *sha)) {
    report.duplicate_of = earlier->id;
  }
  return report;
}

core::Result<ImportReport> ReconciliationService::ImportTitles(const core::Actor& actor,
                                                               ImportReport report,
                                                               const std::string& path,
                                                               const stores::Store& store,
                                                               const Progress& progress) {
  auto file = ReadTitles(path);
  if (!file) {
    Refuse(report, 0, file.error().field, file.error().message_pt);
    report.finished_at = clock_.Now();
    repository_.SaveImport(report);
    return report;
  }
  const bankfiles::CnabFileInfo& info = file->summary.info;
  report.kind = std::string(bankfiles::LayoutName(info.layout));
  report.bank_code = info.bank_code;
  report.agreement = info.agreement;
  CheckFile(report, *file, store);
  if (report.refused) {
    report.finished_at = clock_.Now();
    repository_.SaveImport(report);
    return report;
  }
  // Oldest payments first: the ledger takes a customer's payments in date order.
  std::stable_sort(file->titles.begin(), file->titles.end(), [](const auto& a, const auto& b) {
    return a.occurrence_date < b.occurrence_date;
  });
  const auto& agreement = *store.settings.bank_agreement;
  const auto total = static_cast<std::int64_t>(file->titles.size());
  std::vector<PendingEvent> batch;
  for (std::size_t start = 0; start < file->titles.size(); start += kBatchTitles) {
    const std::size_t end = std::min(file->titles.size(), start + kBatchTitles);
    batch.clear();
    for (std::size_t i = start; i < end; ++i) {
      batch.push_back(PendingOf(info, agreement, file->titles[i]));
    }
    for (const EventRecord& record : Settle(actor, report.id, batch)) report.Count(record);
    if (progress) progress(static_cast<std::int64_t>(end), total);
  }
  report.finished_at = clock_.Now();
  repository_.SaveImport(report);
  return report;
}

}  // namespace fiado::reconciliation
