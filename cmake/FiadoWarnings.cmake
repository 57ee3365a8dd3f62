# One warnings target every Fiado library and program links privately, and the
# sanitizer flags of the asan preset.
add_library(fiado_warnings INTERFACE)
target_compile_options(fiado_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wconversion -Wshadow
  $<$<BOOL:${FIADO_WERROR}>:-Werror>)

# UBSan's vptr check needs the type_info of every polymorphic class it meets; SOCI's
# shared libraries do not export theirs (hidden visibility), so that one check is off.
if(FIADO_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize=vptr
                      -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined -fno-sanitize=vptr)
endif()
