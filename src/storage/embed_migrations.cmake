# Writes a C++ source holding every migration file, so the program carries its schema.
# Invoked at build time: cmake -DOUTPUT=... -DFILES="a.sql;b.sql" -P embed_migrations.cmake
set(content "// Generated from src/storage/migrations by embed_migrations.cmake. Do not edit.\n")
string(APPEND content "#include \"storage/migrations.h\"\n\nnamespace fiado::storage {\n\n")
string(APPEND content "const std::vector<MigrationFile>& EmbeddedMigrationFiles() {\n")
string(APPEND content "  static const std::vector<MigrationFile> files = {\n")
foreach(file IN LISTS FILES)
  get_filename_component(name "${file}" NAME)
  file(READ "${file}" sql)
  string(APPEND content "      {\"${name}\", R\"FIADO_SQL(${sql})FIADO_SQL\"},\n")
endforeach()
string(APPEND content "  };\n  return files;\n}\n\n}  // namespace fiado::storage\n")
file(WRITE "${OUTPUT}.tmp" "${content}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
