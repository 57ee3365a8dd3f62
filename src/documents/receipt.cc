// The payment receipt, on A4 (a table of how the payment was applied) or on an 80 mm
// thermal roll (the same facts as label/value lines, the page as tall as its content).
#include <string>
#include <vector>

#include <fmt/format.h>

#include "documents/flow.h"
#include "documents/pdf_canvas.h"
#include "documents/render.h"
#include "documents/text_format.h"
#include "documents/validate.h"

namespace fiado::documents {
namespace {

constexpr double kThermalWidth = Mm(80);

FlowPage PageFor(PaperSize paper, const Receipt& receipt) {
  if (paper == PaperSize::kThermal80mm) {
    return {kThermalWidth, 0, Mm(3), Mm(4), Mm(8), 0.8, {}};
  }
  return {kA4WidthPt,
          kA4HeightPt,
          Mm(18),
          Mm(16),
          Mm(16),
          1,
          "Recibo nº " + receipt.payment_id + " — " + receipt.issuer.name};
}

std::string Installment(int number, int count) { return fmt::format("{}/{}", number, count); }

core::Money LineTotal(const ReceiptLine& line) {
  return line.late_fee + line.interest + line.principal - line.discount;
}

void Header(Flow& flow, const Receipt& r, bool thermal) {
  const Align align = thermal ? Align::kCenter : Align::kLeft;
  if (r.reversal) flow.Banner("ESTORNADO — " + *r.reversal, 10, kAlertRed);
  flow.Title(r.issuer.name, 12, align);
  flow.Paragraph(IssuerAddressLine(r.issuer), 8, Font::kRegular, kTextGray);
  flow.Paragraph(IssuerIdLine(r.issuer), 8, Font::kRegular, kTextGray);
  flow.Rule();
  flow.Title("Recibo de pagamento", thermal ? 13 : 15, align);
  flow.Paragraph("Nº " + r.payment_id, 8, Font::kRegular, kTextGray);
  flow.Space(flow.Size(4));
}

void Payment(Flow& flow, const Receipt& r) {
  flow.LabelValue("Cliente", r.payer.name, 9);
  if (!r.payer.tax_id.empty()) flow.LabelValue("CPF", r.payer.tax_id, 9);
  flow.LabelValue("Data do pagamento", core::FormatBr(r.paid_on), 9);
  if (!r.recorded_at.empty()) flow.LabelValue("Registrado em", r.recorded_at, 9);
  flow.LabelValue("Forma de pagamento", r.method, 9);
  flow.Space(flow.Size(3));
  flow.LabelValue("Valor recebido", r.amount.Format(), 12, true);
  if (r.credit_used.IsPositive()) flow.LabelValue("Crédito utilizado", r.credit_used.Format(), 9);
  if (r.credit_change.IsPositive()) {
    flow.LabelValue("Excedente guardado como crédito", r.credit_change.Format(), 9);
  } else if (r.credit_change.IsNegative() && r.credit_used.IsZero()) {
    flow.LabelValue("Crédito utilizado", (-r.credit_change).Format(), 9);
  }
}

void AllocationTable(Flow& flow, const Receipt& r) {
  const double w = flow.content_width();
  const auto row = [&](std::vector<std::string> t, bool header) {
    flow.Row({{t[0], 0},
              {t[1], Mm(15), Align::kLeft, Mm(35)},
              {t[2], Mm(52)},
              {t[3], w - Mm(84), Align::kRight},
              {t[4], w - Mm(66), Align::kRight},
              {t[5], w - Mm(44), Align::kRight},
              {t[6], w - Mm(22), Align::kRight},
              {t[7], w, Align::kRight}},
             8, header ? Font::kBold : Font::kRegular, header);
  };
  row({"Parcela", "Compra", "Vencimento", "Multa", "Juros", "Principal", "Desconto", "Total"},
      true);
  core::Money fees, interest, principal, discount;
  for (const ReceiptLine& l : r.lines) {
    row({Installment(l.number, l.count), l.sale_description, core::FormatBr(l.due_date),
         l.late_fee.Format(), l.interest.Format(), l.principal.Format(), l.discount.Format(),
         LineTotal(l).Format()},
        false);
    fees += l.late_fee;
    interest += l.interest;
    principal += l.principal;
    discount += l.discount;
  }
  flow.EndTable();
  flow.Row({{"Total aplicado", 0},
            {fees.Format(), w - Mm(84), Align::kRight},
            {interest.Format(), w - Mm(66), Align::kRight},
            {principal.Format(), w - Mm(44), Align::kRight},
            {discount.Format(), w - Mm(22), Align::kRight},
            {(fees + interest + principal - discount).Format(), w, Align::kRight}},
           8, Font::kBold, false, true);
}

void AllocationLines(Flow& flow, const Receipt& r) {
  for (const ReceiptLine& l : r.lines) {
    flow.Paragraph(
        "Parcela " + Installment(l.number, l.count) + " · venc. " + core::FormatBr(l.due_date), 9,
        Font::kBold);
    if (!l.sale_description.empty())
      flow.Paragraph(l.sale_description, 8, Font::kRegular, kTextGray);
    flow.LabelValue("  Principal", l.principal.Format(), 9);
    if (!l.late_fee.IsZero()) flow.LabelValue("  Multa", l.late_fee.Format(), 9);
    if (!l.interest.IsZero()) flow.LabelValue("  Juros", l.interest.Format(), 9);
    if (!l.discount.IsZero()) flow.LabelValue("  Desconto", (-l.discount).Format(), 9);
    flow.LabelValue("  Total da parcela", LineTotal(l).Format(), 9, true);
  }
}

void OpenItems(Flow& flow, const Receipt& r, bool thermal) {
  flow.Heading("Parcelas em aberto após este pagamento", 10);
  if (r.open.empty()) flow.Paragraph("Nenhuma parcela em aberto.", 9);
  const double w = flow.content_width();
  if (!thermal && !r.open.empty()) {
    flow.Row({{"Parcela", 0},
              {"Compra", Mm(15)},
              {"Vencimento", Mm(52)},
              {"Situação", Mm(80)},
              {"Valor atualizado", w, Align::kRight}},
             8, Font::kBold, true);
  }
  for (const OpenItem& item : r.open) {
    const std::string state = item.overdue ? "em atraso" : "a vencer";
    if (thermal) {
      flow.LabelValue(Installment(item.number, item.count) + " venc. " +
                          core::FormatBr(item.due_date) + (item.overdue ? " (em atraso)" : ""),
                      item.updated_value.Format(), 9);
    } else {
      flow.Row({{Installment(item.number, item.count), 0},
                {item.sale_description, Mm(15), Align::kLeft, Mm(35)},
                {core::FormatBr(item.due_date), Mm(52)},
                {state, Mm(80)},
                {item.updated_value.Format(), w, Align::kRight}},
               8, Font::kRegular);
    }
  }
  flow.EndTable();
  flow.Space(flow.Size(2));
  flow.LabelValue("Total em aberto", r.open_total.Format(), 10, true);
  flow.LabelValue("Saldo de crédito", r.credit_balance.Format(), 9);
}

void Closing(Flow& flow, const Receipt& r, bool thermal) {
  flow.Space(flow.Size(6));
  if (!r.recorded_by.empty()) flow.Paragraph("Recebido por: " + r.recorded_by, 9);
  if (!thermal) flow.Signatures({{r.issuer.name, "Assinatura e carimbo"}}, 8);
  flow.Space(flow.Size(4));
  flow.Paragraph("Este recibo comprova o pagamento dos valores acima discriminados.", 7.5,
                 Font::kRegular, kTextGray);
}

}  // namespace

core::Result<std::string> RenderReceiptPdf(const Receipt& receipt, PaperSize paper) {
  if (auto valid = ValidateReceipt(receipt); !valid) return core::Fail(valid.error());
  const bool thermal = paper == PaperSize::kThermal80mm;
  PdfCanvas canvas("Recibo de pagamento " + receipt.payment_id);
  Flow flow(canvas, PageFor(paper, receipt));
  Header(flow, receipt, thermal);
  Payment(flow, receipt);
  if (!receipt.lines.empty()) {
    flow.Heading("Como o pagamento foi aplicado", 10);
    thermal ? AllocationLines(flow, receipt) : AllocationTable(flow, receipt);
  }
  OpenItems(flow, receipt, thermal);
  Closing(flow, receipt, thermal);
  flow.Render();
  return canvas.Save();
}

}  // namespace fiado::documents
