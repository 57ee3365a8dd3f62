// The caller's store: read it, and (owner) change its data and settings. Another store's
// id answers 404, as an unknown id does.
#include <httplib.h>

#include "http/api.h"
#include "http/body.h"
#include "json/store_json.h"
#include "payments/boleto_banks.h"
#include "payments/pix.h"

namespace fiado::http {
namespace {

using nlohmann::json;

stores::StoreDraft ReadStoreDraft(const json& body, std::vector<core::FieldError>& errors) {
  ObjectReader reader(body, "", errors);
  stores::StoreDraft draft;
  draft.name = reader.Text("name", true);
  draft.legal_id = reader.Text("legal_id", true);
  draft.address = ReadAddress(reader);
  draft.phone = reader.Text("phone");
  draft.email = reader.Text("email");
  draft.time_zone = reader.Text("time_zone");
  draft.pix_key = reader.Text("pix_key");
  if (const json* settings = reader.Object("settings")) {
    auto parsed = fiado::json::StoreSettingsFromJson(*settings, "settings");
    if (parsed) {
      draft.settings = *parsed;
    } else {
      errors.push_back({parsed.error().field, parsed.error().message_pt});
    }
  }
  reader.RejectUnknown();
  return draft;
}

void ListStores(Call& call) {
  json items = json::array();
  if (auto store = call.services.stores.Find(call.principal.store_id)) {
    items.push_back(fiado::json::StoreJson(*store));
  }
  call.Reply(200, {{"items", items}, {"next_cursor", nullptr}});
}

std::optional<stores::Store> OwnStore(Call& call) {
  if (!call.IsOwnStore(call.Param(1))) {
    call.Fail(core::Error::NotFound("loja não encontrada"));
    return std::nullopt;
  }
  auto store = call.services.stores.Find(call.principal.store_id);
  if (!store) call.Fail(core::Error::NotFound("loja não encontrada"));
  return store;
}

void GetStore(Call& call) {
  if (auto store = OwnStore(call)) call.Reply(200, fiado::json::StoreJson(*store));
}

// What only the payments module can check: the Pix key by its type (normalised, as the
// payload will carry it), the name and city within the Pix limits, the bank agreement's
// fields for its bank. Errors name the store's fields.
core::Status CheckPaymentSettings(stores::Store& store) {
  if (!store.pix_key.empty()) {
    auto key = payments::ParsePixKey(store.pix_key, "pix_key");
    if (!key) return core::Fail(key.error());
    store.pix_key = key->value;
    auto encoder = payments::PixEncoder::Make(store.pix_key, stores::PixMerchantName(store),
                                              stores::PixMerchantCity(store));
    if (!encoder) {
      core::Error error = encoder.error();
      if (error.field == "merchant_name") error.field = "settings.pix_merchant_name";
      if (error.field == "merchant_city") error.field = "settings.pix_merchant_city";
      error.message_pt += " (informe um nome ou cidade mais curtos para o Pix)";
      return core::Fail(std::move(error));
    }
  }
  if (store.settings.bank_agreement) {
    if (auto checked = payments::CheckAgreement(*store.settings.bank_agreement); !checked) {
      core::Error error = checked.error();
      error.field = "settings." + error.field;  // as the body names it
      for (auto& each : error.fields) each.field = "settings." + each.field;
      return core::Fail(std::move(error));
    }
  }
  return {};
}

void ReplaceStore(Call& call) {
  auto current = OwnStore(call);
  if (!current) return;
  std::vector<core::FieldError> errors;
  const stores::StoreDraft draft = ReadStoreDraft(call.body, errors);
  if (FailOnFieldErrors(call, std::move(errors))) return;
  const core::Instant now = call.services.clock.Now();
  auto revised = stores::MakeStore(draft, current->id, now);
  if (!revised) return call.Fail(revised.error());
  if (auto checked = CheckPaymentSettings(*revised); !checked) return call.Fail(checked.error());
  revised->created_at = current->created_at;
  const core::Actor actor = call.Actor();
  const core::AuditEntry audit{call.services.ids.NextText(),
                               current->id,
                               now,
                               actor.actor,
                               "store",
                               current->id.str(),
                               "update",
                               fiado::json::StoreJson(*current).dump(),
                               fiado::json::StoreJson(*revised).dump(),
                               actor.request_id};
  if (auto updated = call.services.stores.Update(*revised, audit); !updated) {
    return call.Fail(updated.error());
  }
  call.Reply(200, fiado::json::StoreJson(*revised));
}

}  // namespace

std::vector<Route> StoreRoutes() {
  using access::Permission;
  return {
      Route{"GET", "/api/v1/stores", false, Permission::kStoreRead, ListStores},
      Route{"GET", "/api/v1/stores/{id}", false, Permission::kStoreRead, GetStore},
      Route{"PUT", "/api/v1/stores/{id}", false, Permission::kStoreWrite, ReplaceStore},
  };
}

}  // namespace fiado::http
