// PDF rendering of the documents (libharu; QR and ITF barcodes drawn by zint). Each
// function checks its input first and returns an error naming the field, before any PDF
// is produced; on success the PDF's bytes.
#pragma once

#include <string>

#include "core/error.h"
#include "documents/model.h"

namespace fiado::documents {

// A4, three slips a page; each slip with a counterfoil (canhoto) for the shop.
core::Result<std::string> RenderCarnePdf(const Carne& carne);

core::Result<std::string> RenderReceiptPdf(const Receipt& receipt, PaperSize paper);

core::Result<std::string> RenderContractPdf(const Contract& contract);

}  // namespace fiado::documents
