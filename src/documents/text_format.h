// How the documents write numbers, dates and codes for people, in Brazilian Portuguese,
// and the boleto/Pix arithmetic their input checks need. Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/rate.h"
#include "documents/model.h"

namespace fiado::documents {

// `rate` as a percentage with at least `min_decimals` and at most `max_decimals` (≤ 6)
// decimals, rounded half away from zero: (1,99%, 2, 4) → "1,99%"; (26,682503%, 2, 2) →
// "26,68%"; (2%, 2, 2) → "2,00%". Built on core::Rate::FormatPercent.
std::string PercentText(core::Rate rate, int min_decimals, int max_decimals);

// "CPF" for an 11-digit id, else "CNPJ" (numeric or alphanumeric).
std::string TaxIdLabel(std::string_view tax_id);

// "CNPJ 11.222.333/0001-81 · Tel. (11) 3333-4444 · loja@example.com" (empty parts left out).
std::string IssuerIdLine(const Issuer& issuer);

// "Rua das Flores, 100, Centro — São Paulo/SP, CEP 01001-000" (empty parts left out).
std::string IssuerAddressLine(const Issuer& issuer);

// "10 de março de 2026"; the first day is "1º de março de 2026".
std::string LongDateBr(core::Date date);

// `text` cut into lines of at most `per_line` characters (code points) so that the lines,
// joined with nothing between them, give back `text` exactly. A line never ends with a
// space or '-' and never starts with a space (text extractors drop such spaces and join
// hyphenated lines), so a break moves left of such a spot; lines are never shorter than
// half of `per_line` except the last.
std::vector<std::string> ChunkFixed(std::string_view text, std::size_t per_line);

}  // namespace fiado::documents
