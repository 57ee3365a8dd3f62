# Writes a C++ source whose function returns the text of one file, so the program carries
# it (the OpenAPI document). Invoked at build time:
#   cmake -DINPUT=openapi.json -DOUTPUT=openapi_document.cc -DFUNCTION=OpenApiDocument -P ...
file(READ "${INPUT}" text)
get_filename_component(name "${INPUT}" NAME)
set(content "// Generated from ${name} by embed_text.cmake. Do not edit.\n")
string(APPEND content "#include <string>\n\nnamespace fiado::http {\n\n")
string(APPEND content "const std::string& ${FUNCTION}() {\n")
string(APPEND content "  static const std::string text = R\"FIADO_TEXT(${text})FIADO_TEXT\";\n")
string(APPEND content "  return text;\n}\n\n}  // namespace fiado::http\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
