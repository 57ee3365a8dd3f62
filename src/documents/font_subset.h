// A TrueType subsetter for the fonts the documents embed. libharu copies a TrueType font's
// hmtx, loca, post, name and cmap tables whole into every PDF (about 120 KB for each
// DejaVu face), so each PDF would carry and deflate ~400 KB of font. SubsetTrueType keeps
// only the glyphs of the given characters (plus .notdef and the parts of composite
// glyphs), renumbered from 0, with a format-4 cmap, a format-3 post and a short name
// table: a valid font of a few kilobytes that libharu loads like the original. Pure; it
// throws FontSubsetError when the input is not a TrueType font it understands.
#pragma once

#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fiado::documents {

class FontSubsetError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The subset of `font` (the bytes of a .ttf with glyf outlines) that draws `code_points`
// (Unicode scalar values ≤ U+FFFF; ones the font lacks are skipped). When
// `strip_hinting` is set, the glyphs lose their TrueType instructions, which are most of
// DejaVu's glyph bytes and which PDF viewers and printers do not need at print sizes.
std::string SubsetTrueType(std::string_view font, std::span<const char32_t> code_points,
                           bool strip_hinting);

}  // namespace fiado::documents
