# embed.cmake - write the bytes of IN as a C array (srv_openapi_json) into OUT.
# Usage: cmake -DIN=docs/openapi.json -DOUT=gen/openapi_json.c -P cmake/embed.cmake
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" n)
math(EXPR len "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE ${OUT} "/* generated from ${IN} by cmake/embed.cmake */\n#include <stddef.h>\n"
  "extern const unsigned char srv_openapi_json[];\nextern const size_t srv_openapi_json_len;\n"
  "const unsigned char srv_openapi_json[] = {${bytes}0};\n"
  "const size_t srv_openapi_json_len = ${len};\n")
