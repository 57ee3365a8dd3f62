// The carnê: A4 portrait, three slips a page, 99 mm each, cut apart along dashed lines.
// Each slip has the shop's counterfoil (canhoto) on the left, then — past a dashed tear line —
// the customer's part: the shop (CDC art. 42-A), the customer and the sale, the due date
// and amount, the late-charge rule, the Pix QR code with its copy-and-paste text and the
// boleto (bank, linha digitável above the ITF barcode, nosso número).
#include <algorithm>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "core/text.h"
#include "documents/barcodes.h"
#include "documents/pdf_canvas.h"
#include "documents/render.h"
#include "documents/text_format.h"
#include "documents/validate.h"
#include "payments/boleto.h"

namespace fiado::documents {
namespace {

constexpr int kSlipsPerPage = 3;
constexpr double kSlipHeight = Mm(99);
constexpr double kCounterfoilLeft = Mm(8);
constexpr double kCounterfoilWidth = Mm(45);
constexpr double kTearX = Mm(57);
constexpr double kMainLeft = Mm(61);
constexpr double kMainRight = Mm(202);
constexpr double kMainWidth = kMainRight - kMainLeft;
constexpr double kInfoWidth = Mm(92);  // the left column of the customer's part
constexpr double kPixLeft = Mm(157);   // the right column: the Pix QR code
constexpr double kPixWidth = kMainRight - kPixLeft;
constexpr double kPayloadSize = 6.5;   // points, monospace
constexpr double kItfWidth = Mm(103);  // STANDARDS §2.5
constexpr double kItfHeight = Mm(13);
constexpr double kItfQuiet = Mm(5);

// Label in small grey type above its value.
void Label(PdfCanvas& c, double x, double baseline, std::string_view text) {
  c.Text(x, baseline, Font::kRegular, 6, text, Align::kLeft, kTextGray);
}

void DrawBox(PdfCanvas& c, double x, double top, double width, std::string_view label,
             std::string_view value) {
  c.StrokeRect(x, top, width, Mm(11), 0.6);
  Label(c, x + Mm(1.5), top + Mm(3.3), label);
  c.TextFit(x + Mm(1.5), top + Mm(8.8), width - Mm(3), Font::kBold, 10.5, value);
}

std::string PurchaseLine(const Carne& carne) {
  std::string line;
  if (!carne.sale_reference.empty()) line = "Compra " + carne.sale_reference;
  if (carne.sale_date.ok())
    line += (line.empty() ? "Compra de " : " de ") + core::FormatBr(carne.sale_date);
  if (!carne.sale_description.empty()) line += (line.empty() ? "" : " · ") + carne.sale_description;
  return line;
}

void DrawCounterfoil(PdfCanvas& c, const Carne& carne, const CarneSlip& slip, double top) {
  const double x = kCounterfoilLeft;
  c.TextFit(x, top + Mm(8.5), kCounterfoilWidth, Font::kBold, 8, carne.issuer.name);
  c.Text(x, top + Mm(12), Font::kRegular, 6, "Canhoto — via da loja", Align::kLeft, kTextGray);
  c.Line(x, top + Mm(14), x + kCounterfoilWidth, top + Mm(14), 0.5);
  Label(c, x, top + Mm(18), "Cliente");
  c.TextFit(x, top + Mm(21.5), kCounterfoilWidth, Font::kBold, 8, carne.payer.name);
  Label(c, x, top + Mm(26), "Compra");
  c.TextFit(x, top + Mm(29.5), kCounterfoilWidth, Font::kRegular, 8,
            carne.sale_reference.empty() ? core::FormatBr(carne.sale_date) : carne.sale_reference);
  c.Text(x, top + Mm(36), Font::kBold, 9.5, fmt::format("Parcela {}/{}", slip.number, slip.count));
  c.Text(x, top + Mm(41), Font::kRegular, 8, "Vencimento " + core::FormatBr(slip.due_date));
  c.TextFit(x, top + Mm(46.5), kCounterfoilWidth, Font::kBold, 9.5,
            "Valor " + slip.amount.Format());
  if (slip.updated_to) {
    c.Text(x, top + Mm(50), Font::kRegular, 6, "atualizado até " + core::FormatBr(*slip.updated_to),
           Align::kLeft, kTextGray);
  }
  c.Text(x, top + Mm(62), Font::kRegular, 7.5, "Recebido em ____/____/________");
  c.Line(x, top + Mm(80), x + kCounterfoilWidth, top + Mm(80), 0.6, Stroke::kSolid, kBlack);
  c.Text(x + kCounterfoilWidth / 2, top + Mm(83.5), Font::kRegular, 6, "Assinatura de quem recebeu",
         Align::kCenter, kTextGray);
}

void DrawShop(PdfCanvas& c, const Carne& carne, const CarneSlip& slip, double top) {
  const std::string installment = fmt::format("Parcela {}/{}", slip.number, slip.count);
  const double installment_width = c.TextWidth(Font::kBold, 11, installment);
  c.Text(kMainRight, top + Mm(8.5), Font::kBold, 11, installment, Align::kRight);
  c.TextFit(kMainLeft, top + Mm(8.5), kMainWidth - installment_width - Mm(4), Font::kBold, 11,
            carne.issuer.name);
  c.TextFit(kMainLeft, top + Mm(12.5), kMainWidth, Font::kRegular, 7,
            IssuerAddressLine(carne.issuer), Align::kLeft, kTextGray);
  c.TextFit(kMainLeft, top + Mm(16), kMainWidth, Font::kRegular, 7, IssuerIdLine(carne.issuer),
            Align::kLeft, kTextGray);
  c.Line(kMainLeft, top + Mm(18), kMainRight, top + Mm(18), 0.5);
}

void DrawCustomer(PdfCanvas& c, const Carne& carne, double top) {
  Label(c, kMainLeft, top + Mm(22), "Cliente");
  const std::string tax_id = carne.payer.tax_id.empty() ? "" : "CPF " + carne.payer.tax_id;
  const double tax_id_width = c.TextWidth(Font::kRegular, 8, tax_id);
  const double name_room = kInfoWidth - (tax_id.empty() ? 0 : tax_id_width + Mm(3));
  const double name_width = std::min(c.TextWidth(Font::kBold, 9, carne.payer.name), name_room);
  c.TextFit(kMainLeft, top + Mm(25.5), name_room, Font::kBold, 9, carne.payer.name);
  if (!tax_id.empty())
    c.Text(kMainLeft + name_width + Mm(3), top + Mm(25.5), Font::kRegular, 8, tax_id);
  Label(c, kMainLeft, top + Mm(29.5), "Compra");
  c.TextFit(kMainLeft, top + Mm(33), kInfoWidth, Font::kRegular, 8, PurchaseLine(carne));
}

// The amount boxes; returns where the text under them may start.
double DrawAmounts(PdfCanvas& c, const CarneSlip& slip, double top) {
  const double boxes_top = top + Mm(35.5);
  const double gap = Mm(2);
  if (!slip.updated_to) {
    const double width = (kInfoWidth - gap) / 2;
    DrawBox(c, kMainLeft, boxes_top, width, "Vencimento", core::FormatBr(slip.due_date));
    DrawBox(c, kMainLeft + width + gap, boxes_top, width, "Valor", slip.amount.Format());
    return top + Mm(50.5);
  }
  const double width = (kInfoWidth - 3 * gap) / 4;
  DrawBox(c, kMainLeft, boxes_top, width, "Vencimento", core::FormatBr(slip.due_date));
  DrawBox(c, kMainLeft + (width + gap), boxes_top, width, "Valor original",
          slip.face_amount.Format());
  DrawBox(c, kMainLeft + 2 * (width + gap), boxes_top, width, "Multa e juros",
          slip.charges.Format());
  DrawBox(c, kMainLeft + 3 * (width + gap), boxes_top, width, "Total a pagar",
          slip.amount.Format());
  c.TextFit(
      kMainLeft, top + Mm(50.5), kInfoWidth, Font::kBold, 7.5,
      "Valor atualizado até " + core::FormatBr(*slip.updated_to) + ": " + slip.amount.Format());
  return top + Mm(54);
}

void DrawLateRule(PdfCanvas& c, const Carne& carne, double baseline) {
  if (carne.late_charge_rule.empty()) return;
  const double size = 6.5;
  auto lines = c.Wrap(Font::kRegular, size, kInfoWidth, carne.late_charge_rule);
  if (lines.size() > 3) lines.resize(3);  // room for three lines above the Pix text
  for (const std::string& line : lines) {
    c.TextFit(kMainLeft, baseline, kInfoWidth, Font::kRegular, size, line, Align::kLeft, kTextGray);
    baseline += Mm(2.8);
  }
}

void DrawPix(PdfCanvas& c, const CarneSlip& slip, double top) {
  const BarcodeModules qr = EncodeQr(slip.pix_payload);
  const double side = std::clamp((qr.width + 2 * kQrQuietModules) * Mm(0.5), Mm(30), Mm(35));
  const double center = kPixLeft + kPixWidth / 2;
  c.Text(center, top + Mm(22.5), Font::kBold, 9, "Pague com Pix", Align::kCenter);
  DrawQr(c, center - side / 2, top + Mm(23.5), side, qr);
  // The copy-and-paste text, cut at fixed character counts (see ChunkFixed).
  const double advance = c.TextWidth(Font::kMono, kPayloadSize, "0");
  const auto per_line = static_cast<std::size_t>(kMainWidth / advance);
  Label(c, kMainLeft, top + Mm(61), "Pix copia e cola — copie o código abaixo no app do seu banco");
  double baseline = top + Mm(64.3);
  for (const std::string& line : ChunkFixed(slip.pix_payload, per_line)) {
    c.Text(kMainLeft, baseline, Font::kMono, kPayloadSize, line);
    baseline += Mm(2.7);
  }
}

void DrawBoleto(PdfCanvas& c, const BoletoCode& boleto, double top) {
  const double section = top + Mm(71);
  c.Line(kMainLeft, section, kMainRight, section, 0.5);
  const double bank_width = std::min(c.TextWidth(Font::kBold, 8, boleto.bank_name), Mm(60));
  c.TextFit(kMainLeft, section + Mm(4.2), Mm(60), Font::kBold, 8, boleto.bank_name);
  c.Text(kMainLeft + bank_width + Mm(3), section + Mm(4.2), Font::kBold, 10, boleto.bank_code);
  c.Text(kMainRight, section + Mm(4.2), Font::kRegular, 6, "Boleto · pagável em qualquer banco",
         Align::kRight, kTextGray);
  const double bars_left = kMainLeft + kItfQuiet;
  c.TextFit(bars_left, section + Mm(8.6), kItfWidth, Font::kMono, 9,
            payments::FormatLinha(core::DigitsOnly(boleto.linha)));
  DrawItf(c, bars_left, section + Mm(9.8), kItfWidth, kItfHeight, EncodeItf(boleto.barcode));
  const double info_left = bars_left + kItfWidth + kItfQuiet;
  const double info_width = kMainRight - info_left;
  Label(c, info_left, section + Mm(12), "Nosso número");
  c.TextFit(info_left, section + Mm(15), info_width, Font::kRegular, 7, boleto.nosso_numero);
  Label(c, info_left, section + Mm(19), "Ag./Cód. beneficiário");
  c.TextFit(info_left, section + Mm(22), info_width, Font::kRegular, 7, boleto.beneficiary_code);
}

void DrawSlip(PdfCanvas& c, const Carne& carne, const CarneSlip& slip, double top, bool cut_below) {
  c.Line(kTearX, top + Mm(4), kTearX, top + kSlipHeight - Mm(4), 0.5, Stroke::kDashed);
  if (cut_below) {
    c.Line(Mm(4), top + kSlipHeight, Mm(206), top + kSlipHeight, 0.5, Stroke::kDashed);
  }
  DrawCounterfoil(c, carne, slip, top);
  DrawShop(c, carne, slip, top);
  DrawCustomer(c, carne, top);
  DrawLateRule(c, carne, DrawAmounts(c, slip, top));
  if (!slip.pix_payload.empty()) DrawPix(c, slip, top);
  if (slip.boleto) DrawBoleto(c, *slip.boleto, top);
}

}  // namespace

core::Result<std::string> RenderCarnePdf(const Carne& carne) {
  if (auto valid = ValidateCarne(carne); !valid) return core::Fail(valid.error());
  PdfCanvas canvas("Carnê " + carne.sale_reference + " — " + carne.payer.name);
  for (std::size_t i = 0; i < carne.slips.size(); ++i) {
    const auto position = static_cast<int>(i % kSlipsPerPage);
    if (position == 0) canvas.AddPage(kA4WidthPt, kA4HeightPt);
    const bool last_on_page = position == kSlipsPerPage - 1;
    DrawSlip(canvas, carne, carne.slips[i], position * kSlipHeight, !last_on_page);
  }
  return canvas.Save();
}

}  // namespace fiado::documents
