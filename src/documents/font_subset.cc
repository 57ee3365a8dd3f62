#include "documents/font_subset.h"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace fiado::documents {
namespace {

// Composite glyph flags (OpenType "glyf").
constexpr std::uint16_t kArgsAreWords = 0x0001;
constexpr std::uint16_t kHaveScale = 0x0008;
constexpr std::uint16_t kMoreComponents = 0x0020;
constexpr std::uint16_t kHaveXYScale = 0x0040;
constexpr std::uint16_t kHaveTwoByTwo = 0x0080;
constexpr std::uint16_t kHaveInstructions = 0x0100;

[[noreturn]] void Malformed(const std::string& what) {
  throw FontSubsetError("fonte TrueType inválida: " + what);
}

void Need(std::string_view data, std::size_t at, std::size_t size) {
  if (at > data.size() || size > data.size() - at) Malformed("leitura fora da tabela");
}

std::uint16_t U16(std::string_view data, std::size_t at) {
  Need(data, at, 2);
  return static_cast<std::uint16_t>((static_cast<unsigned char>(data[at]) << 8) |
                                    static_cast<unsigned char>(data[at + 1]));
}

std::uint32_t U32(std::string_view data, std::size_t at) {
  return (static_cast<std::uint32_t>(U16(data, at)) << 16) | U16(data, at + 2);
}

void Put16(std::string& out, std::uint32_t value) {
  out += static_cast<char>((value >> 8) & 0xFF);
  out += static_cast<char>(value & 0xFF);
}

void Put32(std::string& out, std::uint32_t value) {
  Put16(out, value >> 16);
  Put16(out, value & 0xFFFF);
}

void Set16(std::string& data, std::size_t at, std::uint32_t value) {
  data[at] = static_cast<char>((value >> 8) & 0xFF);
  data[at + 1] = static_cast<char>(value & 0xFF);
}

void Set32(std::string& data, std::size_t at, std::uint32_t value) {
  Set16(data, at, value >> 16);
  Set16(data, at + 2, value & 0xFFFF);
}

std::uint32_t Checksum(std::string_view data) {
  std::uint32_t sum = 0;
  for (std::size_t at = 0; at < data.size(); at += 4) {
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      word <<= 8;
      if (at + k < data.size()) word |= static_cast<unsigned char>(data[at + k]);
    }
    sum += word;
  }
  return sum;
}

// The tables of the source font and the few numbers the subset needs from them.
class SourceFont {
 public:
  explicit SourceFont(std::string_view data) : data_(data) {
    if (U32(data, 0) != 0x00010000 && U32(data, 0) != 0x74727565) Malformed("não é TrueType");
    const std::uint16_t count = U16(data, 4);
    for (std::size_t i = 0; i < count; ++i) {
      const std::size_t record = 12 + 16 * i;
      Need(data, record, 16);
      const std::uint32_t offset = U32(data, record + 8);
      const std::uint32_t length = U32(data, record + 12);
      Need(data, offset, length);
      tables_[std::string(data.substr(record, 4))] = data.substr(offset, length);
    }
    glyph_count_ = U16(Table("maxp"), 4);
    metric_count_ = U16(Table("hhea"), 34);
    long_loca_ = U16(Table("head"), 50) != 0;
    if (metric_count_ == 0 || metric_count_ > glyph_count_) Malformed("hhea");
  }

  std::string_view Table(const std::string& tag) const {
    const auto found = tables_.find(tag);
    if (found == tables_.end()) Malformed("falta a tabela " + tag);
    return found->second;
  }
  bool Has(const std::string& tag) const { return tables_.contains(tag); }
  std::uint16_t glyph_count() const { return glyph_count_; }

  std::string_view Glyph(std::uint16_t gid) const {
    const std::string_view loca = Table("loca");
    const std::size_t start = long_loca_ ? U32(loca, 4u * gid) : 2u * U16(loca, 2u * gid);
    const std::size_t end =
        long_loca_ ? U32(loca, 4u * (gid + 1u)) : 2u * U16(loca, 2u * (gid + 1u));
    if (end < start) Malformed("loca");
    const std::string_view glyf = Table("glyf");
    Need(glyf, start, end - start);
    return glyf.substr(start, end - start);
  }

  // Advance width and left side bearing of `gid`.
  std::pair<std::uint16_t, std::uint16_t> Metrics(std::uint16_t gid) const {
    const std::string_view hmtx = Table("hmtx");
    if (gid < metric_count_) return {U16(hmtx, 4u * gid), U16(hmtx, 4u * gid + 2)};
    const std::uint16_t advance = U16(hmtx, 4u * (metric_count_ - 1u));
    return {advance, U16(hmtx, 4u * metric_count_ + 2u * (gid - metric_count_))};
  }

  // The glyph of `c` in the (3,1) format-4 cmap, 0 when the font lacks it.
  std::uint16_t GlyphOf(char32_t c) const;

 private:
  std::string_view Format4() const;

  std::string_view data_;
  std::map<std::string, std::string_view> tables_;
  std::uint16_t glyph_count_ = 0;
  std::uint16_t metric_count_ = 0;
  bool long_loca_ = false;
};

std::string_view SourceFont::Format4() const {
  const std::string_view cmap = Table("cmap");
  const std::uint16_t count = U16(cmap, 2);
  for (std::size_t i = 0; i < count; ++i) {
    const std::uint16_t platform = U16(cmap, 4 + 8 * i);
    const std::uint16_t encoding = U16(cmap, 6 + 8 * i);
    const std::uint32_t offset = U32(cmap, 8 + 8 * i);
    const bool unicode = (platform == 3 && encoding == 1) || platform == 0;
    if (unicode && U16(cmap, offset) == 4) {
      const std::uint16_t length = U16(cmap, offset + 2);
      Need(cmap, offset, length);
      return cmap.substr(offset, length);
    }
  }
  Malformed("sem cmap Unicode formato 4");
}

std::uint16_t SourceFont::GlyphOf(char32_t c) const {
  if (c > 0xFFFF) return 0;
  const std::string_view sub = Format4();
  const std::size_t segments = U16(sub, 6) / 2u;
  for (std::size_t s = 0; s < segments; ++s) {
    const std::uint16_t end = U16(sub, 14 + 2 * s);
    if (c > end) continue;
    const std::size_t start_at = 16 + 2 * segments + 2 * s;
    const std::uint16_t start = U16(sub, start_at);
    if (c < start) return 0;
    const std::uint16_t delta = U16(sub, start_at + 2 * segments);
    const std::size_t range_at = start_at + 4 * segments;
    const std::uint16_t range_offset = U16(sub, range_at);
    if (range_offset == 0) return static_cast<std::uint16_t>(c + delta);
    const std::uint16_t glyph = U16(sub, range_at + range_offset + 2u * (c - start));
    return glyph == 0 ? 0 : static_cast<std::uint16_t>(glyph + delta);
  }
  return 0;
}

// Calls `visit(offset_of_glyph_index)` for each component of composite `glyph` and
// returns the offset just past the last component.
template <typename Visit>
std::size_t ForEachComponent(std::string_view glyph, Visit visit) {
  std::size_t at = 10;
  std::uint16_t flags = 0;
  do {
    flags = U16(glyph, at);
    visit(at + 2, flags);
    at += 4 + ((flags & kArgsAreWords) ? 4 : 2);
    if (flags & kHaveScale) {
      at += 2;
    } else if (flags & kHaveXYScale) {
      at += 4;
    } else if (flags & kHaveTwoByTwo) {
      at += 8;
    }
  } while (flags & kMoreComponents);
  Need(glyph, 0, at);
  return at;
}

bool IsComposite(std::string_view glyph) {
  return glyph.size() >= 10 && static_cast<std::int16_t>(U16(glyph, 0)) < 0;
}

// Old glyph ids to keep, sorted, with .notdef and every component of a kept composite.
std::vector<std::uint16_t> Closure(const SourceFont& font, std::set<std::uint16_t> wanted) {
  std::vector<std::uint16_t> pending(wanted.begin(), wanted.end());
  while (!pending.empty()) {
    const std::uint16_t gid = pending.back();
    pending.pop_back();
    const std::string_view glyph = font.Glyph(gid);
    if (!IsComposite(glyph)) continue;
    ForEachComponent(glyph, [&](std::size_t at, std::uint16_t) {
      const std::uint16_t part = U16(glyph, at);
      if (part >= font.glyph_count()) Malformed("componente inexistente");
      if (wanted.insert(part).second) pending.push_back(part);
    });
  }
  return {wanted.begin(), wanted.end()};
}

// `glyph` with its component ids renumbered and, when asked, without instructions.
std::string RewriteGlyph(std::string_view glyph, const std::map<std::uint16_t, std::uint16_t>& ids,
                         bool strip_hinting) {
  if (glyph.empty()) return {};
  if (IsComposite(glyph)) {
    std::string out(glyph);
    std::size_t last_flags_at = 0;
    const std::size_t end = ForEachComponent(glyph, [&](std::size_t at, std::uint16_t) {
      Set16(out, at, ids.at(U16(glyph, at)));
      last_flags_at = at - 2;
    });
    if (strip_hinting && (U16(glyph, last_flags_at) & kHaveInstructions)) {
      Set16(out, last_flags_at, U16(glyph, last_flags_at) & ~kHaveInstructions);
      out.resize(end);
    }
    return out;
  }
  if (!strip_hinting) return std::string(glyph);
  const std::size_t contours = U16(glyph, 0);
  const std::size_t instructions_at = 10 + 2 * contours;
  const std::size_t instruction_count = U16(glyph, instructions_at);
  Need(glyph, instructions_at + 2, instruction_count);
  std::string out(glyph.substr(0, instructions_at));
  Put16(out, 0);
  out += glyph.substr(instructions_at + 2 + instruction_count);
  return out;
}

// A format-4 cmap (platform 3, encoding 1) mapping each character to its new glyph.
std::string BuildCmap(const std::vector<std::pair<char32_t, std::uint16_t>>& mapping) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;  // start char, end char
  for (std::size_t i = 0; i < mapping.size(); ++i) {
    const bool extends = i > 0 && mapping[i].first == mapping[i - 1].first + 1 &&
                         mapping[i].second == mapping[i - 1].second + 1;
    if (extends) {
      runs.back().second = mapping[i].first;
    } else {
      runs.emplace_back(mapping[i].first, mapping[i].first);
    }
  }
  std::vector<std::uint16_t> deltas;
  for (const auto& [start, end] : runs) {
    const auto first = std::find_if(mapping.begin(), mapping.end(),
                                    [&](const auto& m) { return m.first == start; });
    deltas.push_back(static_cast<std::uint16_t>(first->second - start));
  }
  runs.emplace_back(0xFFFF, 0xFFFF);
  deltas.push_back(1);
  const auto segments = static_cast<std::uint32_t>(runs.size());
  std::uint32_t search = 1;
  std::uint32_t selector = 0;
  while (search * 2 <= segments) {
    search *= 2;
    ++selector;
  }
  std::string sub;
  Put16(sub, 4);
  Put16(sub, 16 + 8 * segments);
  Put16(sub, 0);  // language
  Put16(sub, 2 * segments);
  Put16(sub, 2 * search);
  Put16(sub, selector);
  Put16(sub, 2 * segments - 2 * search);
  for (const auto& run : runs) Put16(sub, run.second);
  Put16(sub, 0);  // reserved pad
  for (const auto& run : runs) Put16(sub, run.first);
  for (const std::uint16_t delta : deltas) Put16(sub, delta);
  for (std::uint32_t s = 0; s < segments; ++s) Put16(sub, 0);  // idRangeOffset
  std::string cmap;
  Put16(cmap, 0);
  Put16(cmap, 1);
  Put16(cmap, 3);
  Put16(cmap, 1);
  Put32(cmap, 12);
  return cmap + sub;
}

// The Windows-platform English names 0–6 of the source (family, style, PostScript...).
std::string BuildName(std::string_view name) {
  const std::uint16_t count = U16(name, 2);
  const std::uint16_t strings_at = U16(name, 4);
  std::vector<std::pair<std::string, std::string>> records;  // record head, string
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t record = 6 + 12 * i;
    const bool english = U16(name, record) == 3 && U16(name, record + 2) == 1 &&
                         U16(name, record + 4) == 0x0409;
    if (!english || U16(name, record + 6) > 6) continue;
    const std::uint16_t length = U16(name, record + 8);
    const std::size_t at = static_cast<std::size_t>(strings_at) + U16(name, record + 10);
    Need(name, at, length);
    records.emplace_back(std::string(name.substr(record, 10)), std::string(name.substr(at, length)));
  }
  std::string out;
  Put16(out, 0);
  Put16(out, static_cast<std::uint32_t>(records.size()));
  Put16(out, static_cast<std::uint32_t>(6 + 12 * records.size()));
  std::string strings;
  for (const auto& [head, text] : records) {
    out += head.substr(0, 8);
    Put16(out, static_cast<std::uint32_t>(text.size()));
    Put16(out, static_cast<std::uint32_t>(strings.size()));
    strings += text;
  }
  return out + strings;
}

// head, hhea, maxp and post copied with the numbers of the subset.
void PatchHeaders(const SourceFont& font, std::uint32_t glyphs, std::map<std::string, std::string>& tables) {
  std::string head(font.Table("head"));
  Need(head, 0, 54);
  Set32(head, 8, 0);  // checkSumAdjustment, set once the font is assembled
  Set16(head, 50, 1);  // long loca
  tables["head"] = head;
  std::string hhea(font.Table("hhea"));
  Set16(hhea, 34, glyphs);
  tables["hhea"] = hhea;
  std::string maxp(font.Table("maxp"));
  Set16(maxp, 4, glyphs);
  tables["maxp"] = maxp;
  const std::string_view post = font.Table("post");
  Need(post, 0, 16);
  std::string new_post;
  Put32(new_post, 0x00030000);  // format 3: no glyph names
  new_post += post.substr(4, 12);
  new_post.append(16, '\0');
  tables["post"] = new_post;
}

std::string Assemble(std::map<std::string, std::string>& tables) {
  const auto count = static_cast<std::uint32_t>(tables.size());
  std::uint32_t search = 1;
  std::uint32_t selector = 0;
  while (search * 2 <= count) {
    search *= 2;
    ++selector;
  }
  std::string font;
  Put32(font, 0x00010000);
  Put16(font, count);
  Put16(font, 16 * search);
  Put16(font, selector);
  Put16(font, 16 * count - 16 * search);
  std::uint32_t offset = 12 + 16 * count;
  std::size_t head_at = 0;
  for (const auto& [tag, data] : tables) {
    font += tag;
    Put32(font, Checksum(data));
    Put32(font, offset);
    Put32(font, static_cast<std::uint32_t>(data.size()));
    offset += static_cast<std::uint32_t>((data.size() + 3) & ~std::size_t{3});
  }
  for (const auto& [tag, data] : tables) {
    if (tag == "head") head_at = font.size();
    font += data;
    font.append((4 - data.size() % 4) % 4, '\0');
  }
  Set32(font, head_at + 8, 0xB1B0AFBAu - Checksum(font));
  return font;
}

}  // namespace

std::string SubsetTrueType(std::string_view data, std::span<const char32_t> code_points,
                           bool strip_hinting) {
  const SourceFont font(data);
  // Phase 1: the glyphs to keep, in the source's order, and their new ids.
  std::set<std::uint16_t> wanted = {0};
  for (const char32_t c : code_points) {
    if (const std::uint16_t gid = font.GlyphOf(c); gid != 0 && gid < font.glyph_count()) {
      wanted.insert(gid);
    }
  }
  const std::vector<std::uint16_t> kept = Closure(font, std::move(wanted));
  std::map<std::uint16_t, std::uint16_t> ids;
  for (std::size_t i = 0; i < kept.size(); ++i) ids[kept[i]] = static_cast<std::uint16_t>(i);
  // Phase 2: glyf, loca and hmtx in the new order.
  std::map<std::string, std::string> tables;
  std::string glyf;
  std::string loca;
  std::string hmtx;
  for (const std::uint16_t old_id : kept) {
    Put32(loca, static_cast<std::uint32_t>(glyf.size()));
    glyf += RewriteGlyph(font.Glyph(old_id), ids, strip_hinting);
    glyf.append((4 - glyf.size() % 4) % 4, '\0');
    const auto [advance, bearing] = font.Metrics(old_id);
    Put16(hmtx, advance);
    Put16(hmtx, bearing);
  }
  Put32(loca, static_cast<std::uint32_t>(glyf.size()));
  tables["glyf"] = std::move(glyf);
  tables["loca"] = std::move(loca);
  tables["hmtx"] = std::move(hmtx);
  // Phase 3: cmap, name, the patched headers and the tables copied as they are.
  std::vector<std::pair<char32_t, std::uint16_t>> mapping;
  for (const char32_t c : std::set<char32_t>(code_points.begin(), code_points.end())) {
    if (const std::uint16_t gid = font.GlyphOf(c); ids.contains(gid) && gid != 0) {
      mapping.emplace_back(c, ids.at(gid));
    }
  }
  tables["cmap"] = BuildCmap(mapping);
  tables["name"] = BuildName(font.Table("name"));
  PatchHeaders(font, static_cast<std::uint32_t>(kept.size()), tables);
  for (const char* tag : {"OS/2", "cvt ", "fpgm", "prep"}) {
    if (font.Has(tag)) tables[tag] = std::string(font.Table(tag));
  }
  // Phase 4: the table directory, checksums and head's checkSumAdjustment.
  return Assemble(tables);
}

}  // namespace fiado::documents
