// Bank files and reconciliation over HTTP (docs/api.md, "Bank files and reconciliation"):
// CNAB return uploads and their reports, the reconciliation queue, the shop's Pix
// webhooks, and the public endpoint where a Pix provider notifies payments.
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include "http/api.h"
#include "http/body.h"
#include "json/reconciliation_json.h"

namespace fiado::http {
namespace {

using access::Permission;
using nlohmann::json;
namespace fs = std::filesystem;

// The upload kept in a temporary file while it is imported (the reader streams files).
class UploadFile {
 public:
  UploadFile(const std::string& bytes, const std::string& id)
      : path_(fs::temp_directory_path() / ("fiado-upload-" + id)) {
    std::ofstream out(path_, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~UploadFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  UploadFile(const UploadFile&) = delete;
  UploadFile& operator=(const UploadFile&) = delete;
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

void PostBankFile(Call& call) {
  if (call.request.body.empty()) {
    return call.Fail(core::Error::Invalid("arquivo", "envie o arquivo de retorno no corpo"));
  }
  std::string name = call.Query("name");
  if (name.empty()) name = "retorno.ret";
  UploadFile file(call.request.body, call.services.ids.NextText());
  auto report = call.services.reconciliation.ImportCnab(call.Actor(), file.path(), name);
  if (!report) return call.Fail(report.error());
  call.Reply(report->refused ? 422 : 200, fiado::json::ImportReportJson(*report));
}

void PostBankStatement(Call& call) {
  if (call.request.body.empty()) {
    return call.Fail(core::Error::Invalid("arquivo", "envie o extrato OFX no corpo"));
  }
  std::string name = call.Query("name");
  if (name.empty()) name = "extrato.ofx";
  UploadFile file(call.request.body, call.services.ids.NextText());
  auto report = call.services.reconciliation.ImportStatement(call.Actor(), file.path(), name);
  if (!report) return call.Fail(report.error());
  call.Reply(report->refused ? 422 : 200, fiado::json::ImportReportJson(*report));
}

void ListBankFiles(Call& call) {
  json list = json::array();
  for (const auto& report : call.services.reconciliation.Imports(call.principal.store_id)) {
    list.push_back(fiado::json::ImportReportJson(report));
  }
  call.Reply(200, {{"imports", list}});
}

void GetBankFile(Call& call) {
  auto report = call.services.reconciliation.FindImport(call.principal.store_id, call.Param(1));
  if (!report) return call.Fail(report.error());
  json out = fiado::json::ImportReportJson(*report);
  json events = json::array();
  for (const auto& record :
       call.services.reconciliation.EventsOf(call.principal.store_id, report->id)) {
    events.push_back(fiado::json::EventRecordJson(record));
  }
  out["events"] = std::move(events);
  call.Reply(200, out);
}

void ListQueue(Call& call) {
  const std::string status = call.Query("status");
  if (!status.empty() && status != "open" && status != "all") {
    return call.Fail(core::Error::Invalid("status", "use open ou all"));
  }
  json list = json::array();
  for (const auto& item :
       call.services.reconciliation.Queue(call.principal.store_id, status != "all")) {
    list.push_back(fiado::json::QueueItemJson(item));
  }
  call.Reply(200, {{"items", list}});
}

void AssignItem(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string sale = reader.Text("sale_id", true);
  const auto number = reader.Integer("installment", true);
  const std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto sale_id = sales::SaleId::Parse(sale);
  if (!sale_id) return call.Fail(core::Error::Invalid("sale_id", "venda não encontrada"));
  auto item = call.services.reconciliation.Assign(call.Actor(), call.Param(1),
                                                  {*sale_id, static_cast<int>(*number)}, reason);
  if (!item) return call.Fail(item.error());
  call.Reply(200, fiado::json::QueueItemJson(*item));
}

void DismissItem(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string reason = reader.Text("reason", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  auto item = call.services.reconciliation.Dismiss(call.Actor(), call.Param(1), reason);
  if (!item) return call.Fail(item.error());
  call.Reply(200, fiado::json::QueueItemJson(*item));
}

void ListWebhooks(Call& call) {
  json list = json::array();
  for (const auto& webhook : call.services.reconciliation.WebhooksOf(call.principal.store_id)) {
    list.push_back(fiado::json::PixWebhookJson(webhook, false));
  }
  call.Reply(200, {{"webhooks", list}});
}

void CreateWebhook(Call& call) {
  std::vector<core::FieldError> errors;
  ObjectReader reader(call.body, "", errors);
  const std::string provider = reader.Text("provider", true);
  const std::string auth_name = reader.Text("auth", true);
  reader.RejectUnknown();
  if (FailOnFieldErrors(call, std::move(errors))) return;
  const auto auth = reconciliation::ParseWebhookAuth(auth_name);
  if (!auth) return call.Fail(core::Error::Invalid("auth", "use token ou hmac-sha256"));
  auto webhook = call.services.reconciliation.CreateWebhook(call.Actor(), provider, *auth);
  if (!webhook) return call.Fail(webhook.error());
  call.Reply(201, fiado::json::PixWebhookJson(*webhook, true));
}

void RevokeWebhook(Call& call) {
  auto revoked = call.services.reconciliation.RevokeWebhook(call.Actor(), call.Param(1));
  if (!revoked) return call.Fail(revoked.error());
  call.NoContent();
}

// The provider proves itself with "Authorization: Bearer <secret>" (token) or
// "X-Signature: sha256=<hex HMAC of the body>" (hmac-sha256).
void ReceivePix(Call& call) {
  std::string token = call.request.get_header_value("Authorization");
  if (token.rfind("Bearer ", 0) == 0) token = token.substr(7);
  auto webhook = call.services.reconciliation.Authenticate(
      call.Param(1), call.request.body, token, call.request.get_header_value("X-Signature"));
  if (!webhook) return call.Fail(webhook.error());
  const json body = json::parse(call.request.body, nullptr, false);
  auto notifications = fiado::json::ParsePixNotifications(body);
  if (!notifications) return call.Fail(notifications.error());
  auto records = call.services.reconciliation.ReceivePix(*webhook, *notifications);
  if (!records) return call.Fail(records.error());
  json outcomes = json::array();
  for (const auto& record : *records) {
    outcomes.push_back(json{{"endToEndId", record.event.detail},
                            {"outcome", reconciliation::OutcomeName(record.outcome)}});
  }
  call.Reply(200, {{"received", outcomes}});
}

}  // namespace

std::vector<Route> ReconciliationRoutes() {
  constexpr auto kReconcile = Permission::kPaymentsReconcile;
  return {
      Route{"POST", "/api/v1/bank-files", false, kReconcile, PostBankFile, true},
      Route{"GET", "/api/v1/bank-files", false, kReconcile, ListBankFiles},
      Route{"POST", "/api/v1/bank-statements", false, kReconcile, PostBankStatement, true},
      Route{"GET", "/api/v1/bank-files/{id}", false, kReconcile, GetBankFile},
      Route{"GET", "/api/v1/reconciliation", false, kReconcile, ListQueue},
      Route{"POST", "/api/v1/reconciliation/{id}/assign", false, kReconcile, AssignItem},
      Route{"POST", "/api/v1/reconciliation/{id}/dismiss", false, kReconcile, DismissItem},
      Route{"GET", "/api/v1/pix-webhooks", false, kReconcile, ListWebhooks},
      Route{"POST", "/api/v1/pix-webhooks", false, kReconcile, CreateWebhook},
      Route{"DELETE", "/api/v1/pix-webhooks/{id}", false, kReconcile, RevokeWebhook},
      Route{"POST", "/webhooks/pix/{id}", true, std::nullopt, ReceivePix, true},
      Route{"POST", "/webhooks/pix/{id}/pix", true, std::nullopt, ReceivePix, true},
  };
}

}  // namespace fiado::http
