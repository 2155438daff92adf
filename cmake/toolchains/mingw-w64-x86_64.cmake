# Cross-compiles for 64-bit Windows with Debian's MinGW-w64 (g++-mingw-w64-x86-64-posix).
# The posix thread model: GCC 12's default "win32" model has no std::thread or std::mutex.
# Used by the `windows` preset and by scripts/windows/build-deps for the libraries it builds.
#
# Libraries, headers and CMake packages are searched only in MinGW's own folder and in the
# dependency prefix that scripts/windows/build-deps fills (never in the Linux system folders):
#   DESKAUTH_MINGW_PREFIX (cache variable or environment variable), else
#   $DESKAUTH_DEPS_CACHE/mingw-current (DESKAUTH_DEPS_CACHE defaults to /var/cache/deskauth),
#   the link build-deps points at the prefix it last completed.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_deskauth_triplet x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_deskauth_triplet}-gcc-posix)
set(CMAKE_CXX_COMPILER ${_deskauth_triplet}-g++-posix)
set(CMAKE_RC_COMPILER ${_deskauth_triplet}-windres)
set(CMAKE_AR ${_deskauth_triplet}-gcc-ar-posix CACHE FILEPATH "")
set(CMAKE_RANLIB ${_deskauth_triplet}-gcc-ranlib-posix CACHE FILEPATH "")

if(NOT DESKAUTH_MINGW_PREFIX)
  if(DEFINED ENV{DESKAUTH_MINGW_PREFIX} AND NOT "$ENV{DESKAUTH_MINGW_PREFIX}" STREQUAL "")
    set(DESKAUTH_MINGW_PREFIX "$ENV{DESKAUTH_MINGW_PREFIX}")
  elseif(DEFINED ENV{DESKAUTH_DEPS_CACHE} AND NOT "$ENV{DESKAUTH_DEPS_CACHE}" STREQUAL "")
    set(DESKAUTH_MINGW_PREFIX "$ENV{DESKAUTH_DEPS_CACHE}/mingw-current")
  else()
    set(DESKAUTH_MINGW_PREFIX "/var/cache/deskauth/mingw-current")
  endif()
  # Kept in the cache: a re-run of CMake by the build (after a CMakeLists change) has no longer
  # the environment of the first configure.
  set(DESKAUTH_MINGW_PREFIX "${DESKAUTH_MINGW_PREFIX}" CACHE PATH "The MinGW-w64 dependency prefix (scripts/windows/build-deps)")
endif()
# try_compile projects read this file again: hand them the same prefix.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES DESKAUTH_MINGW_PREFIX)

set(CMAKE_FIND_ROOT_PATH "${DESKAUTH_MINGW_PREFIX}" /usr/${_deskauth_triplet})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)  # build tools run here, on Linux
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
list(APPEND CMAKE_PREFIX_PATH "${DESKAUTH_MINGW_PREFIX}")
