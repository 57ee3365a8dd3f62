#include "documents/flow.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

namespace fiado::documents {

Flow::Flow(PdfCanvas& canvas, FlowPage page) : canvas_(canvas), page_(std::move(page)) {}

double Flow::content_width() const { return page_.width_pt - 2 * page_.margin_x_pt; }

double Flow::Size(double size_pt) const { return size_pt * page_.text_scale; }

void Flow::Add(Block block) {
  block.table = table_;
  blocks_.push_back(std::move(block));
}

void Flow::Space(double height_pt) {
  Add({height_pt, false, -1, false, [](PdfCanvas&, double, double) {}});
}

void Flow::Title(std::string_view text, double size_pt, Align align) {
  const double size = Size(size_pt);
  const double width = content_width();
  for (const std::string& line : canvas_.Wrap(Font::kBold, size, width, text)) {
    Add({LineHeight(size), true, -1, false, [=](PdfCanvas& c, double left, double top) {
           const double x = align == Align::kCenter ? left + width / 2 : left;
           c.Text(x, top + size, Font::kBold, size, line, align);
         }});
  }
}

void Flow::Heading(std::string_view text, double size_pt) {
  const double size = Size(size_pt);
  const double width = content_width();
  std::string line(text);
  Add({LineHeight(size) + size * 0.5, true, -1, false, [=](PdfCanvas& c, double left, double top) {
         c.TextFit(left, top + size * 1.4, width, Font::kBold, size, line);
       }});
}

void Flow::Paragraph(std::string_view text, double size_pt, Font font, Color color,
                     double indent_pt) {
  const double size = Size(size_pt);
  const double width = content_width() - indent_pt;
  for (const std::string& line : canvas_.Wrap(font, size, width, text)) {
    Add({LineHeight(size), false, -1, false, [=](PdfCanvas& c, double left, double top) {
           c.Text(left + indent_pt, top + size, font, size, line, Align::kLeft, color);
         }});
  }
}

void Flow::LabelValue(std::string_view label, std::string_view value, double size_pt,
                      bool bold_value) {
  const double size = Size(size_pt);
  const double width = content_width();
  const Font value_font = bold_value ? Font::kBold : Font::kRegular;
  const double value_width = canvas_.TextWidth(value_font, size, value);
  std::string label_text(label);
  std::string value_text(value);
  Add({LineHeight(size), false, -1, false, [=](PdfCanvas& c, double left, double top) {
         c.TextFit(left, top + size, std::max(width - value_width - size, size), Font::kRegular,
                   size, label_text);
         c.Text(left + width, top + size, value_font, size, value_text, Align::kRight);
       }});
}

void Flow::Row(std::vector<Cell> cells, double size_pt, Font font, bool header, bool shade) {
  if (header) table_ = tables_++;
  const double size = Size(size_pt);
  const double height = LineHeight(size) + (header || shade ? size * 0.3 : 0);
  const double width = content_width();
  Block block{height, header, -1, header, [=](PdfCanvas& c, double left, double top) {
                if (header || shade) c.FillRect(left, top, width, height, kFillGray);
                const double baseline = top + (height + size * 0.72) / 2;
                for (const Cell& cell : cells) {
                  if (cell.max_width_pt > 0) {
                    c.TextFit(left + cell.x_pt, baseline, cell.max_width_pt, font, size, cell.text,
                              cell.align);
                  } else {
                    c.Text(left + cell.x_pt, baseline, font, size, cell.text, cell.align);
                  }
                }
              }};
  Add(std::move(block));
}

void Flow::EndTable() { table_ = -1; }

void Flow::Rule(Stroke stroke) {
  const double width = content_width();
  const double middle = Size(3);
  Add({2 * middle, false, -1, false, [=](PdfCanvas& c, double left, double top) {
         c.Line(left, top + middle, left + width, top + middle, 0.5, stroke);
       }});
}

void Flow::Banner(std::string_view text, double size_pt, Color color) {
  const double size = Size(size_pt);
  const double width = content_width();
  const double pad = size * 0.6;
  const std::vector<std::string> lines = canvas_.Wrap(Font::kBold, size, width - 2 * pad, text);
  const double leading = LineHeight(size);
  const double height = leading * static_cast<double>(lines.size()) + 2 * pad;
  Add({height + size * 0.5, false, -1, false, [=](PdfCanvas& c, double left, double top) {
         c.StrokeRect(left, top, width, height, 1.5, color);
         double baseline = top + pad + size;
         for (const std::string& line : lines) {
           c.Text(left + width / 2, baseline, Font::kBold, size, line, Align::kCenter, color);
           baseline += leading;
         }
       }});
}

void Flow::Signatures(std::vector<std::vector<std::string>> captions, double size_pt) {
  const double size = Size(size_pt);
  const double width = content_width();
  const double count = static_cast<double>(std::max<std::size_t>(captions.size(), 1));
  const double gap = Mm(8);
  // Side by side across the width; a single line takes half of it, centred.
  const double each = count == 1 ? width / 2 : (width - gap * (count - 1)) / count;
  const double indent = count == 1 ? width / 4 : 0;
  std::size_t lines = 0;
  for (const auto& caption : captions) lines = std::max(lines, caption.size());
  const double line_space = Size(Mm(14));
  const double leading = LineHeight(size);
  const double height = line_space + leading * static_cast<double>(lines) + size;
  Add({height, false, -1, false, [=](PdfCanvas& c, double left, double top) {
         for (std::size_t i = 0; i < captions.size(); ++i) {
           const double x = left + indent + static_cast<double>(i) * (each + gap);
           c.Line(x, top + line_space, x + each, top + line_space, 0.6, Stroke::kSolid, kBlack);
           double baseline = top + line_space + size * 1.3;
           for (const std::string& caption : captions[i]) {
             c.TextFit(x + each / 2, baseline, each, Font::kRegular, size, caption, Align::kCenter);
             baseline += leading;
           }
         }
       }});
}

void Flow::Render() {
  const double left = page_.margin_x_pt;
  if (page_.height_pt <= 0) {  // one page as tall as the content
    double height = page_.margin_top_pt + page_.margin_bottom_pt;
    for (const Block& block : blocks_) height += block.height;
    canvas_.AddPage(page_.width_pt, height);
    double top = page_.margin_top_pt;
    for (const Block& block : blocks_) {
      block.draw(canvas_, left, top);
      top += block.height;
    }
    return;
  }
  // Phase 1: place blocks, breaking pages where a block (with the one it is kept with)
  // does not fit and repeating a table's header row after a break.
  struct Placement {
    const Block* block = nullptr;
    int page = 0;
    double top = 0;
  };
  std::vector<Placement> placed;
  std::vector<const Block*> headers(static_cast<std::size_t>(tables_), nullptr);
  const double bottom = page_.height_pt - page_.margin_bottom_pt;
  int page = 0;
  double top = page_.margin_top_pt;
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    const Block& block = blocks_[i];
    if (block.header) headers[static_cast<std::size_t>(block.table)] = &block;
    double needed = block.height;
    if (block.keep_with_next && i + 1 < blocks_.size()) needed += blocks_[i + 1].height;
    if (top + needed > bottom && top > page_.margin_top_pt) {
      ++page;
      top = page_.margin_top_pt;
      if (block.table >= 0 && !block.header) {
        const Block* header = headers[static_cast<std::size_t>(block.table)];
        placed.push_back({header, page, top});
        top += header->height;
      }
    }
    placed.push_back({&block, page, top});
    top += block.height;
  }
  // Phase 2: draw page by page, each with its footer.
  const int pages = page + 1;
  int current = -1;
  for (const Placement& each : placed) {
    while (current < each.page) {
      if (current >= 0) DrawFooter(current + 1, pages);
      canvas_.AddPage(page_.width_pt, page_.height_pt);
      ++current;
    }
    each.block->draw(canvas_, left, each.top);
  }
  if (current < 0) canvas_.AddPage(page_.width_pt, page_.height_pt);
  DrawFooter(std::max(current, 0) + 1, pages);
}

void Flow::DrawFooter(int page_number, int pages) {
  if (page_.footer.empty()) return;
  const double size = Size(7);
  const double baseline = page_.height_pt - page_.margin_bottom_pt / 2;
  canvas_.Text(page_.margin_x_pt, baseline, Font::kRegular, size, page_.footer, Align::kLeft,
               kTextGray);
  canvas_.Text(page_.width_pt - page_.margin_x_pt, baseline, Font::kRegular, size,
               fmt::format("Página {} de {}", page_number, pages), Align::kRight, kTextGray);
}

}  // namespace fiado::documents
