#include "documents/font_subset.h"

#include <hb-subset.h>

#include <memory>

namespace fiado::documents {
namespace {

struct BlobFree {
  void operator()(hb_blob_t* blob) const { hb_blob_destroy(blob); }
};
struct FaceFree {
  void operator()(hb_face_t* face) const { hb_face_destroy(face); }
};
struct InputFree {
  void operator()(hb_subset_input_t* input) const { hb_subset_input_destroy(input); }
};
using Blob = std::unique_ptr<hb_blob_t, BlobFree>;
using Face = std::unique_ptr<hb_face_t, FaceFree>;
using Input = std::unique_ptr<hb_subset_input_t, InputFree>;

}  // namespace

// HarfBuzz's subsetter (libharfbuzz-subset) does the work: it keeps the glyphs of the
// given characters and what composite glyphs use, renumbers them and rewrites cmap, hmtx,
// loca, glyf and the rest, as libharu then reads them.
std::string SubsetTrueType(std::string_view font, std::span<const char32_t> code_points,
                           bool strip_hinting) {
  const Blob source(hb_blob_create(font.data(), static_cast<unsigned>(font.size()),
                                   HB_MEMORY_MODE_READONLY, nullptr, nullptr));
  const Face face(hb_face_create(source.get(), 0));
  if (hb_face_get_glyph_count(face.get()) == 0) {
    throw FontSubsetError("fonte TrueType inválida: nenhum glifo");
  }
  const Input input(hb_subset_input_create_or_fail());
  if (!input) throw FontSubsetError("sem memória para o subconjunto da fonte");
  hb_set_t* unicodes = hb_subset_input_unicode_set(input.get());
  for (const char32_t code_point : code_points) hb_set_add(unicodes, code_point);
  if (strip_hinting) hb_subset_input_set_flags(input.get(), HB_SUBSET_FLAGS_NO_HINTING);
  const Face subset(hb_subset_or_fail(face.get(), input.get()));
  if (!subset) throw FontSubsetError("fonte TrueType inválida: o subconjunto falhou");
  const Blob bytes(hb_face_reference_blob(subset.get()));
  unsigned length = 0;
  const char* data = hb_blob_get_data(bytes.get(), &length);
  return std::string(data, length);
}

}  // namespace fiado::documents
