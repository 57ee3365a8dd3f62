// The fonts the documents embed, cut down to the characters they draw. libharu copies a
// TrueType font's tables whole into every PDF (about 120 KB for each DejaVu face), so
// each PDF would carry and deflate ~400 KB of font. SubsetTrueType asks HarfBuzz's
// subsetter (libharfbuzz-subset) for the glyphs of the given characters: a valid font of
// a few kilobytes that libharu loads like the original. Throws FontSubsetError when the
// input is not a font HarfBuzz can subset.
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
