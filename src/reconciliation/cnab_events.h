// From CNAB return titles to bank events: what each movement code means for the shop's
// money, the idempotency key of a title, and whether a file belongs to the shop's
// agreement. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "bankfiles/cnab.h"
#include "core/error.h"
#include "reconciliation/model.h"
#include "stores/store.h"

namespace fiado::reconciliation {

// 240 (FEBRABAN C044): 06, 17 pay; 44 reverses; 02/03 registration. 400: 06 and the
// bank's other liquidations (05 sem registro, 07 por conta/parcial, 08 por saldo or em
// cartório, 15 em cartório, 17 após baixa; Caixa 21/22), 02/03 registration.
TitleAction ActionOf(const bankfiles::CnabFileInfo& info, std::string_view occurrence);

// (bank, agreement, nosso número, movement, occurrence date, amount paid) as text.
std::string EventKey(const bankfiles::CnabFileInfo& info, const stores::BankAgreement& agreement,
                     const bankfiles::ReturnTitle& title);

BankEvent EventOf(const bankfiles::CnabFileInfo& info, const stores::BankAgreement& agreement,
                  const bankfiles::ReturnTitle& title);

// Whether the file's header is of the shop's bank and agreement (convênio, else the
// account), as far as the header tells. Error on "arquivo" naming both.
core::Status CheckFileAgreement(const bankfiles::CnabFileInfo& info,
                                const stores::BankAgreement& agreement);

}  // namespace fiado::reconciliation
