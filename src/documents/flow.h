// Flow: a top-to-bottom list of blocks (headings, wrapped paragraphs, label/value lines,
// table rows, rules, signature lines) laid out on pages after it is built. On a fixed
// page size it breaks pages where a block does not fit, repeats a table's header row on
// the next page and numbers the pages; with a page height of 0 (a thermal roll) it makes
// one page exactly as tall as the content. Blocks never split, so the text of one block
// always stays together.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "documents/pdf_canvas.h"

namespace fiado::documents {

struct FlowPage {
  double width_pt = 0;
  double height_pt = 0;  // 0 = as tall as the content (thermal paper)
  double margin_x_pt = 0;
  double margin_top_pt = 0;
  double margin_bottom_pt = 0;
  double text_scale = 1;  // multiplies every font size (thermal prints smaller)
  std::string footer{};   // left of the page number; no footer when empty
};

// One cell of a table row: its left edge (or right edge for kRight) from the content's
// left edge, in points; text wider than `max_width_pt` (when > 0) is shrunk or cut.
struct Cell {
  std::string text{};
  double x_pt = 0;
  Align align = Align::kLeft;
  double max_width_pt = 0;
};

class Flow {
 public:
  Flow(PdfCanvas& canvas, FlowPage page);

  double content_width() const;
  // A font size scaled for this paper.
  double Size(double size_pt) const;

  void Space(double height_pt);
  void Title(std::string_view text, double size_pt, Align align = Align::kLeft);
  // A bold section title, kept on the same page as the block after it.
  void Heading(std::string_view text, double size_pt);
  void Paragraph(std::string_view text, double size_pt, Font font = Font::kRegular,
                 Color color = kBlack, double indent_pt = 0);
  // "label ........ value" on one line: the label left, the value right-aligned.
  void LabelValue(std::string_view label, std::string_view value, double size_pt,
                  bool bold_value = false);
  // A table row; `header` rows are repeated at the top of each page the table spans.
  // `shade` fills the row's background.
  void Row(std::vector<Cell> cells, double size_pt, Font font, bool header = false,
           bool shade = false);
  // Ends the current table (its header is no longer repeated).
  void EndTable();
  void Rule(Stroke stroke = Stroke::kSolid);
  // Text in a framed box (the reversal banner).
  void Banner(std::string_view text, double size_pt, Color color);
  // Signature lines side by side, each with its caption lines under it.
  void Signatures(std::vector<std::vector<std::string>> captions, double size_pt);

  // Lays the blocks out on pages and draws them.
  void Render();

 private:
  struct Block {
    double height = 0;
    bool keep_with_next = false;
    int table = -1;       // index of the table the row belongs to
    bool header = false;  // the table's header row
    std::function<void(PdfCanvas&, double left, double top)> draw{};
  };
  void Add(Block block);
  double LineHeight(double size_pt) const { return size_pt * 1.32; }
  void DrawFooter(int page_number, int pages);

  PdfCanvas& canvas_;
  FlowPage page_;
  std::vector<Block> blocks_;
  int table_ = -1;
  int tables_ = 0;
};

}  // namespace fiado::documents
