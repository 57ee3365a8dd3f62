// Boleto bancário codes (STANDARDS.md §2): the 44-digit barcode, the 47-digit linha
// digitável and the fator de vencimento. Pure functions over ASCII digit strings; a barcode
// or linha returned here always carries correct check digits. What goes into the 25-digit
// campo livre (agreement, nosso número) is each bank's business: see boleto_banks.h.
// Arrecadação codes (utilities, taxes: 48 digits starting with 8) are not boletos here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/error.h"
#include "core/money.h"

namespace fiado::payments {

inline constexpr std::size_t kBarcodeLength = 44;
inline constexpr std::size_t kLinhaLength = 47;
inline constexpr std::size_t kCampoLivreLength = 25;
// The largest amount the 10-digit value field holds: R$ 99.999.999,99.
inline constexpr std::int64_t kMaxBoletoAmountCents = 99'999'999'99;

// Fator de vencimento: days since 07/10/1997, restarting at 1000 on 22/02/2025 and every
// 9000 days after that (9999 = 21/02/2025, 1000 = 22/02/2025, 9999 again = 13/10/2049).
// Error (field "due_date") for a date before 03/07/2000 (factor 1000), which no factor
// can represent, or for an invalid date.
core::Result<int> DueFactor(core::Date due);

// The due date a factor stands for, as seen on `processing`: the candidate (one every 9000
// days) inside FEBRABAN's window of 3000 days before to 5500 days after `processing`. The
// window is 8501 days wide, so at most one candidate lies in it; when none does (a 499-day
// gap), the date more than 3000 days overdue: nothing can be due more than 5500 days ahead
// (the choice of brazilian-utils too). Factor 0 means "no due date" and gives nullopt, as
// does a factor no date has (1–999, above 9999).
std::optional<core::Date> DateOfFactor(int factor, core::Date processing);

// Módulo 10 check digit of a linha field: weights 2,1,2,1… from the right, two-digit
// products summed digit by digit, DV = (10 − sum mod 10) mod 10. `digits` are ASCII digits.
int Modulo10(std::string_view digits);

// General check digit of a barcode, over its 43 digits without position 5: weights 2…9
// from the right, DV = 11 − sum mod 11, and 0, 10 or 11 become 1 (never 0).
int BoletoModulo11(std::string_view digits43);

// The 44-digit barcode. `bank_code`: 3 digits (field "bank_code"); `due`: nullopt gives
// factor 0000 (no due date), otherwise DueFactor (field "due_date"); `amount`: from
// R$ 0,01 to R$ 99.999.999,99 (field "amount"; zero, used by some banks for "valor em
// aberto", is refused: every Fiado boleto charges a known amount); `campo_livre`: 25
// digits (field "campo_livre"). Currency is always 9 (real).
core::Result<std::string> MakeBarcode(std::string_view bank_code, std::optional<core::Date> due,
                                      core::Money amount, std::string_view campo_livre);

// The linha digitável (47 digits, no separators) of a barcode, written into `linha`.
// Only checks that the barcode is 44 ASCII digits (returns false otherwise, leaving `linha`
// unspecified); its check digits are copied, not verified. No allocation.
bool LinhaFromBarcode(std::string_view barcode44, std::span<char, kLinhaLength> linha);

// The same as a string; "" when `barcode44` is not 44 ASCII digits.
std::string LinhaFromBarcode(std::string_view barcode44);

// The barcode of a 47-digit linha (STANDARDS §2.2 conversion), field DVs dropped and not
// verified; "" when `linha47` is not 47 ASCII digits.
std::string BarcodeFromLinha(std::string_view linha47);

// "00190.00009 01238.798977 77700.168188 3 37690000013500"; `linha47` as is when it is
// not 47 characters long.
std::string FormatLinha(std::string_view linha47);

// A boleto read back from its barcode or linha.
struct DecodedBoleto {
  std::string bank_code{};               // "001"
  std::optional<core::Date> due_date{};  // nullopt for factor 0000
  int due_factor = 0;
  core::Money amount{};       // zero when the boleto leaves the amount open
  std::string barcode{};      // 44 digits
  std::string linha{};        // 47 digits, no separators
  std::string campo_livre{};  // 25 digits
};

// Reads a 44-digit barcode or a 47-digit linha; spaces, dots, tabs and line breaks
// between digits are ignored. Checks, in order: only digits; not an arrecadação code
// (first digit 8); the length; for a linha, the módulo-10 DV of fields 1, 2 and 3; currency
// 9; the general módulo-11 DV; a factor of 0000 or 1000–9999. Each failure is an Error
// (field "linha" or "barcode") that says which digit or field is wrong, in Portuguese.
// `processing` (usually today) resolves the due date (DateOfFactor).
core::Result<DecodedBoleto> DecodeBoleto(std::string_view linha_or_barcode, core::Date processing);

}  // namespace fiado::payments
