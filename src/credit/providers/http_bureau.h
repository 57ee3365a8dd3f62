// The HTTP bureau connector: one bureau (SPC, Serasa, Boa Vista or a broker) reached by a
// JSON POST whose answer is read through the JSON pointers of its HttpBureauSettings. The
// connector owns one libcurl handle (a kept-alive connection) and serialises its lookups
// on it; it copies the settings. Every failure is a core::Error in Portuguese, never a
// crash or an exception, whatever the bureau answers.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/error.h"
#include "credit/bureau.h"

namespace fiado::credit::providers {

// A connector for `settings` (calls curl_global_init once per process). Lookup:
//  - POSTs to settings.url with "{cpf}" replaced by the 11 digits; the body is
//    body_template (empty: {"cpf":"{cpf}","purpose":"{purpose}"}) with {cpf} and {purpose}
//    (PurposeName) replaced, JSON-escaped; headers Content-Type and Accept
//    application/json plus auth_header when set; timeout_ms bounds both the connection
//    and the whole exchange (≤ 0 counts as 10 000 ms);
//  - errors: network, timeout, HTTP 429 and 5xx → kUnavailable ("birô X indisponível: …");
//    HTTP 401/403 → kFailedPrecondition ("birô X recusou as credenciais (HTTP 401)");
//    other statuses → kFailedPrecondition with the status and the start of the body;
//    a 2xx answer is read by ReadBureauAnswer.
std::unique_ptr<BureauConnector> MakeHttpBureau(const HttpBureauSettings& settings);

// Reads a bureau's 2xx answer `body` as `settings` describe it (pure; Lookup uses it):
//  - restricted_pointer (required): true/false, 1/0, or a string "S"/"N", "sim"/"não"
//    ("nao"), "true"/"false", "1"/"0" in any case;
//  - restrictions_pointer: an array of objects (absent or null: none). In each,
//    creditor_field is a string (absent: ""); amount_cents_field is integer centavos (a
//    JSON integer or a string of digits) or, when it has a decimal separator, reais: a
//    string "1234.56" / "1234,56" or a JSON number with decimals, converted from its text
//    without floating point (a JSON number is taken by its shortest round-trip text, exact
//    for up to 15 significant digits); at most two non-zero decimals, no thousands
//    separators, not negative; absent: 0. date_field is optional, "AAAA-MM-DD" (a time
//    after it is ignored) or "DD/MM/AAAA";
//  - score_pointer: optional integer 0..1000 (a JSON integer or a string of digits);
//  - reference_pointer: optional string or number, written to *provider_reference (""
//    when absent) when provider_reference is not null.
// An empty pointer means "not in this format". `restricted` is also true when any
// restriction is listed; the summary reads "nada consta", "1 restrição encontrada",
// "2 restrições encontradas" or "consta restrição (sem detalhes)". Anything else is
// kFailedPrecondition "resposta do birô X ilegível: …" naming the pointer at fault.
core::Result<BureauAnswer> ReadBureauAnswer(const HttpBureauSettings& settings,
                                            std::string_view body, std::string* provider_reference);

}  // namespace fiado::credit::providers
