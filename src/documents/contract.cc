// The sale contract: "Contrato de venda a prazo (crediário) e confissão de dívida". The
// parties, the goods, the CDC art. 52 / 54-B disclosure, the schedule (its header
// repeated on each page it spans), the clauses (debt acknowledgement, early payment with
// proportional reduction of interest, late charges, information, forum), place and date
// and the signature lines (buyer, seller and two witnesses, CPC art. 784 III).
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

constexpr double kBody = 9;  // points

core::Money ScheduleTotal(const Contract& c) {
  core::Money total;
  for (const sales::Installment& row : c.schedule) total += row.amount;
  return total;
}

std::string InstallmentsText(const sales::Disclosure& d) {
  if (d.last_installment_amount.IsZero() || d.last_installment_amount == d.installment_amount ||
      d.installment_count < 2) {
    return fmt::format("{} × {}", d.installment_count, d.installment_amount.Format());
  }
  return fmt::format("{} × {} e a última de {}", d.installment_count - 1,
                     d.installment_amount.Format(), d.last_installment_amount.Format());
}

void Parties(Flow& flow, const Contract& c) {
  flow.Heading("1. Partes", 10);
  const Issuer& s = c.issuer;
  std::string seller = fmt::format("VENDEDOR (credor): {}, {} {}, com endereço em {}", s.name,
                                   TaxIdLabel(s.legal_id), s.legal_id, IssuerAddressLine(s));
  if (!s.phone.empty()) seller += ", telefone " + s.phone;
  if (!s.email.empty()) seller += ", e-mail " + s.email;
  flow.Paragraph(seller + ".", kBody);
  std::string buyer = "COMPRADOR (devedor): " + c.payer.name;
  if (!c.payer.tax_id.empty()) buyer += ", CPF " + c.payer.tax_id;
  if (!c.payer.address_line.empty()) buyer += ", com endereço em " + c.payer.address_line;
  flow.Paragraph(buyer + ".", kBody);
}

void Disclosure(Flow& flow, const Contract& c) {
  const sales::Disclosure& d = c.disclosure;
  flow.Heading("3. Condições do crediário (CDC arts. 52 e 54-B)", 10);
  const auto line = [&](std::string_view label, const std::string& value, bool bold = false) {
    flow.LabelValue(label, value, kBody, bold);
  };
  line("Preço à vista", d.price.Format());
  line("Entrada", d.down_payment.Format());
  line("Valor financiado", d.financed.Format());
  line("Taxa de juros efetiva mensal", PercentText(d.monthly_rate, 2, 4) + " ao mês");
  line("Taxa de juros efetiva anual", PercentText(d.annual_rate, 2, 2) + " ao ano");
  line("Custo efetivo total (CET) anual",
       d.cet_annual ? PercentText(*d.cet_annual, 2, 2) + " ao ano" : "não calculável", true);
  line("Multa de mora", PercentText(d.late_fee_rate, 2, 2) + " do valor da parcela em atraso");
  line("Juros de mora", PercentText(d.moratory_monthly_rate, 2, 4) + " ao mês, pro rata die");
  line("Número e valor das parcelas (mensais)", InstallmentsText(d));
  line("Total a prazo (entrada + parcelas)", d.total_with_financing.Format(), true);
  line("Total à vista", d.total_without_financing.Format());
  line("Total de juros", d.total_interest.Format());
}

void Schedule(Flow& flow, const Contract& c) {
  flow.Heading("4. Cronograma de pagamento", 10);
  const double w = flow.content_width();
  const auto row = [&](std::vector<std::string> t, Font font, bool header, bool shade) {
    flow.Row({{t[0], Mm(8), Align::kRight},
              {t[1], Mm(14)},
              {t[2], w * 0.55, Align::kRight},
              {t[3], w * 0.77, Align::kRight},
              {t[4], w, Align::kRight}},
             8.5, font, header, shade);
  };
  row({"Nº", "Vencimento", "Valor", "Juros", "Amortização"}, Font::kBold, true, false);
  core::Money interest, amortization;
  for (const sales::Installment& i : c.schedule) {
    row({std::to_string(i.number), core::FormatBr(i.due_date), i.amount.Format(),
         i.interest.Format(), i.amortization.Format()},
        Font::kRegular, false, false);
    interest += i.interest;
    amortization += i.amortization;
  }
  flow.EndTable();
  row({"", "Total", ScheduleTotal(c).Format(), interest.Format(), amortization.Format()},
      Font::kBold, false, true);
}

void Clauses(Flow& flow, const Contract& c) {
  const sales::Disclosure& d = c.disclosure;
  flow.Heading("5. Cláusulas", 10);
  const auto clause = [&](const std::string& text) {
    flow.Paragraph(text, kBody);
    flow.Space(3);
  };
  clause(fmt::format(
      "5.1 Confissão de dívida. O COMPRADOR reconhece e confessa dever ao VENDEDOR a quantia de "
      "{}, a ser paga nas parcelas acima, nos respectivos vencimentos. Este instrumento, assinado "
      "pelo devedor e por duas testemunhas, é título executivo extrajudicial (CPC, art. 784, III).",
      ScheduleTotal(c).Format()));
  clause(
      "5.2 Pagamento antecipado. O COMPRADOR pode liquidar antecipadamente o débito, total ou "
      "parcialmente, com redução proporcional dos juros e demais acréscimos (CDC, art. 52, § 2º).");
  clause(fmt::format(
      "5.3 Atraso. Sobre a parcela paga após o vencimento incidem multa de mora de {} do seu valor "
      "(CDC, art. 52, § 1º) e juros de mora de {} ao mês, calculados pro rata die até o pagamento. "
      "A parcela que vence em sábado, domingo ou feriado pode ser paga sem encargos no primeiro "
      "dia "
      "útil seguinte.",
      PercentText(d.late_fee_rate, 2, 2), PercentText(d.moratory_monthly_rate, 2, 4)));
  clause(
      "5.4 Informação. O COMPRADOR declara ter recebido, antes da contratação, as informações do "
      "item 3 (preço à vista, taxas efetivas mensal e anual, CET, encargos de mora, número e valor "
      "das parcelas e totais com e sem financiamento), nos termos dos arts. 52 e 54-B do CDC, e "
      "uma via deste contrato. Pode pedir a qualquer tempo o extrato do seu débito.");
  clause(
      "5.5 Cobrança. A cobrança será feita sem expor o COMPRADOR a ridículo, constrangimento ou "
      "ameaça (CDC, art. 42); todo documento de cobrança traz nome, endereço e CNPJ/CPF do "
      "VENDEDOR (CDC, art. 42-A).");
  clause("5.6 Foro. Fica eleito o foro do domicílio do COMPRADOR.");
}

void Signatures(Flow& flow, const Contract& c) {
  const std::string place = c.place.empty() ? c.issuer.city_line : c.place;
  flow.Space(6);
  flow.Paragraph(place + ", " + LongDateBr(c.sale_date) + ".", kBody);
  flow.Space(4);
  const std::string buyer_id = c.payer.tax_id.empty() ? "" : "CPF " + c.payer.tax_id;
  flow.Signatures({{"COMPRADOR (devedor)", c.payer.name, buyer_id},
                   {"VENDEDOR (credor)", c.issuer.name,
                    TaxIdLabel(c.issuer.legal_id) + " " + c.issuer.legal_id}},
                  8);
  flow.Signatures({{"Testemunha 1", "Nome:", "CPF:"}, {"Testemunha 2", "Nome:", "CPF:"}}, 8);
}

}  // namespace

core::Result<std::string> RenderContractPdf(const Contract& contract) {
  if (auto valid = ValidateContract(contract); !valid) return core::Fail(valid.error());
  PdfCanvas canvas("Contrato de venda a prazo " + contract.sale_reference);
  Flow flow(canvas, {kA4WidthPt, kA4HeightPt, Mm(20), Mm(18), Mm(18), 1,
                     "Contrato " + contract.sale_reference + " — " + contract.issuer.name});
  flow.Title("Contrato de venda a prazo (crediário) e confissão de dívida", 14);
  flow.Paragraph(
      fmt::format("Venda nº {} · {}", contract.sale_reference, core::FormatBr(contract.sale_date)),
      9, Font::kRegular, kTextGray);
  flow.Rule();
  Parties(flow, contract);
  flow.Heading("2. Objeto", 10);
  flow.Paragraph("Venda a prazo de: " + contract.description + ".", kBody);
  Disclosure(flow, contract);
  Schedule(flow, contract);
  Clauses(flow, contract);
  Signatures(flow, contract);
  flow.Render();
  return canvas.Save();
}

}  // namespace fiado::documents
