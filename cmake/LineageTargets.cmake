# SPDX-License-Identifier: GPL-3.0-or-later
# Shared settings for Lineage's own targets and the helper that registers tests.

# Warnings, definitions and sanitizers for a target of Lineage's own code.
function(lineage_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(LINEAGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE
    QT_NO_CAST_FROM_ASCII
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_FOREACH
    LINEAGE_VERSION="${PROJECT_VERSION}")
  if(LINEAGE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(LINEAGE_FUZZ)
    # Coverage for libFuzzer; the harnesses link the fuzzer itself (fuzz/).
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# lineage_core_library(NAME SOURCES ... LINKS ...): one module of the UI-free core.
# QtWidgets' headers sit beside QtCore's, so `#include <QtWidgets/QWidget>` would
# otherwise compile. The core's include path starts with cmake/poison, whose
# qtwidgetsglobal.h, qtprintsupportglobal.h and qcustomplot.h stop the compile with
# an #error: a widget include in the core fails to build (tests/core_guard checks it).
function(lineage_core_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINKS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  lineage_target_defaults(${name})
  target_include_directories(${name} BEFORE PRIVATE ${PROJECT_SOURCE_DIR}/cmake/poison)
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/analysis)
  target_link_libraries(${name} PUBLIC Qt6::Core Qt6::Gui ${ARG_LINKS})
endfunction()

# lineage_add_test(NAME SOURCES ... LINKS ... [GUI]): a Qt Test executable registered
# with CTest under the offscreen platform, with the fixture folder in LINEAGE_TEST_DATA.
function(lineage_add_test name)
  cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LINKS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  lineage_target_defaults(${name})
  target_link_libraries(${name} PRIVATE Qt6::Test ${ARG_LINKS})
  # Helpers shared by several tests live in tests/common/ ("common/....h").
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  target_compile_definitions(${name} PRIVATE
    LINEAGE_TEST_DATA="${PROJECT_SOURCE_DIR}/tests/data"
    LINEAGE_BIN_DIR="${CMAKE_RUNTIME_OUTPUT_DIRECTORY}")
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  add_test(NAME ${name} COMMAND ${name})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  set_tests_properties(${name} PROPERTIES
    TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LINEAGE_TEST_DATA=${PROJECT_SOURCE_DIR}/tests/data;LANG=C.UTF-8;TZ=UTC")
endfunction()
