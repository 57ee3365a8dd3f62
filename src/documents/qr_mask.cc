#include "documents/qr_mask.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

namespace fiado::documents {
namespace {

// Role of each module: data/error-correction (masked), a fixed function pattern (finder,
// separator, timing, alignment, dark module, version information — all independent of
// the mask) or a format-information bit (which names the mask).
enum Role : std::uint8_t { kData, kFunction, kFormat };

// Alignment pattern centres for versions 2–40 (ISO/IEC 18004 Annex E); 0 ends a row.
constexpr std::array<std::array<std::uint8_t, 7>, 39> kAlignment = {{
    {6, 18},  {6, 22},  {6, 26},  {6, 30},  {6, 34},
    {6, 22, 38},  {6, 24, 42},  {6, 26, 46},  {6, 28, 50},  {6, 30, 54},
    {6, 32, 58},  {6, 34, 62},
    {6, 26, 46, 66},  {6, 26, 48, 70},  {6, 26, 50, 74},  {6, 30, 54, 78},
    {6, 30, 56, 82},  {6, 30, 58, 86},  {6, 34, 62, 90},
    {6, 28, 50, 72, 94},  {6, 26, 50, 74, 98},  {6, 30, 54, 78, 102},
    {6, 28, 54, 80, 106},  {6, 32, 58, 84, 110},  {6, 30, 58, 86, 114},
    {6, 34, 62, 90, 118},
    {6, 26, 50, 74, 98, 122},  {6, 30, 54, 78, 102, 126},  {6, 26, 52, 78, 104, 130},
    {6, 30, 56, 82, 108, 134},  {6, 34, 60, 86, 112, 138},  {6, 30, 58, 86, 114, 142},
    {6, 34, 62, 90, 118, 146},
    {6, 30, 54, 78, 102, 126, 150},  {6, 24, 50, 76, 102, 128, 154},
    {6, 28, 54, 80, 106, 132, 158},  {6, 32, 58, 84, 110, 136, 162},
    {6, 26, 54, 82, 110, 138, 166},  {6, 30, 58, 86, 114, 142, 170},
}};

// The format-information positions, in the order of the bits zint writes (bit i of the
// 15-bit sequence goes to the i-th position of each copy).
template <typename Visit>
void ForEachFormatModule(int size, Visit visit) {
  for (int i = 0; i < 6; ++i) visit(i, 8, i);
  for (int i = 0; i < 8; ++i) visit(8, size - i - 1, i);
  for (int i = 0; i < 6; ++i) visit(8, 5 - i, i + 9);
  for (int i = 0; i < 7; ++i) visit(size - 7 + i, 8, i + 8);
  visit(7, 8, 6);
  visit(8, 8, 7);
  visit(8, 7, 8);
}

bool InFinder(int size, int row, int column) {
  const bool top = row < 8;
  const bool left = column < 8;
  return (top && left) || (top && column >= size - 8) || (row >= size - 8 && left);
}

std::vector<std::uint8_t> Roles(int size) {
  const int version = (size - 17) / 4;
  std::vector<std::uint8_t> roles(static_cast<std::size_t>(size * size), kData);
  const auto set = [&](int row, int column, Role role) {
    roles[static_cast<std::size_t>(row * size + column)] = role;
  };
  for (int i = 0; i < size; ++i) {
    set(6, i, kFunction);
    set(i, 6, kFunction);
  }
  for (int row = 0; row < size; ++row) {
    for (int column = 0; column < size; ++column) {
      if (InFinder(size, row, column)) set(row, column, kFunction);
    }
  }
  if (version >= 2) {
    const auto& centres = kAlignment[static_cast<std::size_t>(version - 2)];
    for (const int cy : centres) {
      for (const int cx : centres) {
        if (cy == 0 || cx == 0 || InFinder(size, cy, cx)) continue;
        for (int dy = -2; dy <= 2; ++dy) {
          for (int dx = -2; dx <= 2; ++dx) set(cy + dy, cx + dx, kFunction);
        }
      }
    }
  }
  ForEachFormatModule(size, [&](int row, int column, int) { set(row, column, kFormat); });
  set(size - 8, 8, kFunction);  // the dark module
  if (version >= 7) {
    for (int i = 0; i < 6; ++i) {
      for (int j = size - 11; j <= size - 9; ++j) {
        set(j, i, kFunction);
        set(i, j, kFunction);
      }
    }
  }
  return roles;
}

// Bit p set when mask pattern p (ISO/IEC 18004 Table 10; y = row, x = column) flips the
// module; the modulo terms come precomputed per row and column.
std::uint8_t MaskBits(int y, int x) {
  const int sum = y + x;
  const int product = y * x;
  std::uint8_t bits = 0;
  bits |= static_cast<std::uint8_t>((sum & 1) == 0);
  bits |= static_cast<std::uint8_t>(((y & 1) == 0) << 1);
  bits |= static_cast<std::uint8_t>((x % 3 == 0) << 2);
  bits |= static_cast<std::uint8_t>((sum % 3 == 0) << 3);
  bits |= static_cast<std::uint8_t>(((((y / 2) + (x / 3)) & 1) == 0) << 4);
  bits |= static_cast<std::uint8_t>((product % 6 == 0) << 5);
  bits |= static_cast<std::uint8_t>(((((product & 1) + (product % 3)) & 1) == 0) << 6);
  bits |= static_cast<std::uint8_t>(((((sum & 1) + (product % 3)) & 1) == 0) << 7);
  return bits;
}

// The 15 format bits for level M and `pattern` (BCH(15,5), XOR 0x5412).
unsigned FormatBits(int pattern) {
  const auto data = static_cast<unsigned>(pattern);  // level M is 00
  unsigned remainder = data << 10;
  for (int bit = 14; bit >= 10; --bit) {
    if (remainder & (1u << bit)) remainder ^= 0x537u << (bit - 10);
  }
  return ((data << 10) | remainder) ^ 0x5412u;
}

// A row or a column as bits (bit i = module i; bits past the symbol are 0, light), in
// W 64-bit words: one for versions 1–11, two up to 27, three up to 40.
template <int W>
using Line = std::array<std::uint64_t, W>;

template <int W>
bool Get(const Line<W>& line, int i) {
  return ((line[static_cast<std::size_t>(i >> 6)] >> (i & 63)) & 1) != 0;
}

template <int W>
void Set(Line<W>& line, int i, bool dark) {
  const std::uint64_t bit = std::uint64_t{1} << (i & 63);
  auto& word = line[static_cast<std::size_t>(i >> 6)];
  word = dark ? (word | bit) : (word & ~bit);
}

// Bit i of the result is bit i + k of `line` (0 < k < 64).
template <int W>
Line<W> Down(const Line<W>& line, int k) {
  Line<W> out{};
  for (std::size_t w = 0; w < W; ++w) {
    out[w] = line[w] >> k;
    if (w + 1 < W) out[w] |= line[w + 1] << (64 - k);
  }
  return out;
}

template <int W>
Line<W> FirstBits(int count) {
  Line<W> out{};
  for (int i = 0; i < count; ++i) Set<W>(out, i, true);
  return out;
}

template <int W, typename Visit>
void ForEachBit(const Line<W>& line, Visit visit) {
  for (std::size_t w = 0; w < W; ++w) {
    for (std::uint64_t word = line[w]; word != 0; word &= word - 1) {
      visit(static_cast<int>(w * 64) + __builtin_ctzll(word));
    }
  }
}

template <int W>
int Popcount(const Line<W>& line) {
  int count = 0;
  for (const std::uint64_t word : line) count += __builtin_popcountll(word);
  return count;
}

// Rule 1: each run of n ≥ 5 same-coloured modules costs n − 2.
template <int W>
int RunPenalty(const Line<W>& line, const Line<W>& inner, int size) {
  Line<W> changes = Down<W>(line, 1);
  for (std::size_t w = 0; w < W; ++w) changes[w] = (changes[w] ^ line[w]) & inner[w];
  int result = 0;
  int start = 0;
  ForEachBit<W>(changes, [&](int i) {
    if (i + 1 - start >= 5) result += i + 1 - start - 2;
    start = i + 1;
  });
  if (size - start >= 5) result += size - start - 2;
  return result;
}

// Rule 3: 40 for each 1:1:3:1:1 pattern with four light modules before or after it
// (the symbol's outside counts as light).
template <int W>
int FinderLikePenalty(const Line<W>& line) {
  Line<W> matches = line;
  for (int k = 1; k < 7; ++k) {
    const Line<W> shifted = Down<W>(line, k);
    const bool light = k == 1 || k == 5;
    for (std::size_t w = 0; w < W; ++w) matches[w] &= light ? ~shifted[w] : shifted[w];
  }
  int result = 0;
  ForEachBit<W>(matches, [&](int i) {
    bool before = true;
    for (int b = std::max(i - 4, 0); b < i; ++b) before = before && !Get<W>(line, b);
    bool after = true;
    for (int a = i + 7; a <= i + 10 && a < W * 64; ++a) after = after && !Get<W>(line, a);
    if (before || after) result += 40;
  });
  return result;
}

// zint's score of a masked symbol (ISO/IEC 18004 §7.8.3 rules 1–4).
template <int W>
int Penalty(const std::vector<Line<W>>& rows, const std::vector<Line<W>>& columns, int size) {
  const Line<W> inner = FirstBits<W>(size - 1);
  int result = 0;
  int dark = 0;
  for (std::size_t i = 0; i < static_cast<std::size_t>(size); ++i) {
    result += RunPenalty<W>(rows[i], inner, size) + RunPenalty<W>(columns[i], inner, size);
    result += FinderLikePenalty<W>(rows[i]) + FinderLikePenalty<W>(columns[i]);
    dark += Popcount<W>(rows[i]);
  }
  for (std::size_t y = 0; y + 1 < static_cast<std::size_t>(size); ++y) {  // rule 2: 2×2 blocks
    const Line<W>& a = rows[y];
    const Line<W>& b = rows[y + 1];
    const Line<W> a_next = Down<W>(a, 1);
    const Line<W> b_next = Down<W>(b, 1);
    Line<W> same{};
    for (std::size_t w = 0; w < W; ++w) {
      same[w] = ~(a[w] ^ b[w]) & ~(a[w] ^ a_next[w]) & ~(b[w] ^ b_next[w]) & inner[w];
    }
    result += 3 * Popcount<W>(same);
  }
  const double percentage = (100.0 * dark) / (size * size);
  return result + 10 * static_cast<int>(std::fabs(percentage - 50.0) / 5.0);  // rule 4
}

// The symbol as rows and columns of bits: fixed modules and unmasked data in `base`,
// and for each pattern the data modules it flips.
template <int W>
struct Planes {
  std::vector<Line<W>> base_rows, base_columns;
  std::array<std::vector<Line<W>>, 8> flip_rows, flip_columns;
};

template <int W>
Planes<W> Split(const QrMatrix& masked_with_0, const std::vector<std::uint8_t>& roles) {
  const int size = masked_with_0.size;
  const auto lines = static_cast<std::size_t>(size);
  Planes<W> planes{std::vector<Line<W>>(lines), std::vector<Line<W>>(lines), {}, {}};
  for (std::size_t p = 0; p < 8; ++p) {
    planes.flip_rows[p].assign(lines, Line<W>{});
    planes.flip_columns[p].assign(lines, Line<W>{});
  }
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      const auto k = static_cast<std::size_t>(y * size + x);
      if (roles[k] == kFormat) continue;
      bool dark = masked_with_0.dark[k] != 0;
      if (roles[k] == kData) {
        const std::uint8_t flips = MaskBits(y, x);
        dark = dark != ((flips & 1) != 0);  // undo mask 0
        for (std::size_t p = 0; p < 8; ++p) {
          if ((flips >> p) & 1) {
            Set<W>(planes.flip_rows[p][static_cast<std::size_t>(y)], x, true);
            Set<W>(planes.flip_columns[p][static_cast<std::size_t>(x)], y, true);
          }
        }
      }
      Set<W>(planes.base_rows[static_cast<std::size_t>(y)], x, dark);
      Set<W>(planes.base_columns[static_cast<std::size_t>(x)], y, dark);
    }
  }
  return planes;
}

// Rows and columns of the symbol with `pattern` and its format information.
template <int W>
void Apply(const Planes<W>& planes, int size, int pattern, std::vector<Line<W>>& rows,
           std::vector<Line<W>>& columns) {
  const auto p = static_cast<std::size_t>(pattern);
  for (std::size_t i = 0; i < static_cast<std::size_t>(size); ++i) {
    for (std::size_t w = 0; w < W; ++w) {
      rows[i][w] = planes.base_rows[i][w] ^ planes.flip_rows[p][i][w];
      columns[i][w] = planes.base_columns[i][w] ^ planes.flip_columns[p][i][w];
    }
  }
  const unsigned bits = FormatBits(pattern);
  ForEachFormatModule(size, [&](int row, int column, int bit) {
    const bool dark = ((bits >> bit) & 1) != 0;
    Set<W>(rows[static_cast<std::size_t>(row)], column, dark);
    Set<W>(columns[static_cast<std::size_t>(column)], row, dark);
  });
}

// Phases 1–3 of ChooseQrMask for symbols of at most 64 × W modules.
template <int W>
QrMatrix Choose(const QrMatrix& masked_with_0, int* chosen) {
  const int size = masked_with_0.size;
  // Phase 1: fixed modules and the data without mask 0, as bit lines both ways.
  const Planes<W> planes = Split<W>(masked_with_0, Roles(size));
  // Phase 2: score the eight masks; the first of the lowest wins (as in zint).
  std::vector<Line<W>> rows(static_cast<std::size_t>(size));
  std::vector<Line<W>> columns(static_cast<std::size_t>(size));
  int best = 0;
  int best_penalty = 0;
  for (int pattern = 0; pattern < 8; ++pattern) {
    Apply<W>(planes, size, pattern, rows, columns);
    const int penalty = Penalty<W>(rows, columns, size);
    if (pattern == 0 || penalty < best_penalty) {
      best = pattern;
      best_penalty = penalty;
    }
  }
  if (chosen != nullptr) *chosen = best;
  // Phase 3: the symbol with the chosen mask.
  Apply<W>(planes, size, best, rows, columns);
  QrMatrix result{size, std::vector<std::uint8_t>(masked_with_0.dark.size())};
  for (int y = 0; y < size; ++y) {
    for (int x = 0; x < size; ++x) {
      result.dark[static_cast<std::size_t>(y * size + x)] = Get<W>(rows[static_cast<std::size_t>(y)], x);
    }
  }
  return result;
}

}  // namespace

QrMatrix ChooseQrMask(const QrMatrix& masked_with_0, int* chosen) {
  const int size = masked_with_0.size;
  if (size < 21 || size > 177 || (size - 17) % 4 != 0 ||
      masked_with_0.dark.size() != static_cast<std::size_t>(size * size)) {
    throw std::invalid_argument("ChooseQrMask: not a QR symbol");
  }
  if (size <= 64) return Choose<1>(masked_with_0, chosen);
  if (size <= 128) return Choose<2>(masked_with_0, chosen);
  return Choose<3>(masked_with_0, chosen);
}

}  // namespace fiado::documents
