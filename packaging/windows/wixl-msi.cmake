# CPack's External generator runs this (packaging/CPackConfig.cmake, Windows): the per-machine MSI
# of packaging/windows/deskauth.wxs, made with wixl (Debian: wixl, from msitools) from the files
# CPack staged in CPACK_TEMPORARY_DIRECTORY — the app component, as in the NSIS installer. The file
# list comes from wixl-heat over the staged tree, so a file added to the install is in the MSI too.
find_program(WIXL wixl)
find_program(WIXL_HEAT wixl-heat)
if(NOT WIXL OR NOT WIXL_HEAT)
  message(FATAL_ERROR "wixl and wixl-heat not found. On Debian/Ubuntu: apt-get install wixl")
endif()

set(_stage "${CPACK_TEMPORARY_DIRECTORY}")
file(GLOB_RECURSE _files LIST_DIRECTORIES false RELATIVE "${_stage}" "${_stage}/*")
list(SORT _files)
if(NOT "bin/deskauth.exe" IN_LIST _files)
  message(FATAL_ERROR "wixl-msi: the staged files (${_stage}) have no bin/deskauth.exe: ${_files}")
endif()
list(TRANSFORM _files PREPEND "stage/")
string(REPLACE ";" "\n" _list "${_files}")
file(WRITE "${CPACK_TOPLEVEL_DIRECTORY}/msi-files.txt" "${_list}\n")

set(_fragment "${CPACK_TOPLEVEL_DIRECTORY}/deskauth-files.wxs")
execute_process(
  COMMAND ${WIXL_HEAT} --prefix stage/ --var var.StageDir --directory-ref INSTALLDIR
          --component-group AppFiles --win64
  INPUT_FILE "${CPACK_TOPLEVEL_DIRECTORY}/msi-files.txt"
  OUTPUT_FILE "${_fragment}"
  RESULT_VARIABLE _heat)
if(NOT _heat EQUAL 0)
  message(FATAL_ERROR "wixl-heat failed (${_heat})")
endif()

set(_msi "${CPACK_TOPLEVEL_DIRECTORY}/${CPACK_PACKAGE_FILE_NAME}.msi")
# wixl finds a Source relative to the input files' folder (it refuses absolute paths).
file(RELATIVE_PATH _stage_relative "${CPACK_TOPLEVEL_DIRECTORY}" "${_stage}")
execute_process(
  COMMAND ${WIXL} --arch x64 -D "Version=${CPACK_PACKAGE_VERSION}" -D Win64=yes -D "StageDir=${_stage_relative}"
          -o "${_msi}" "${CMAKE_CURRENT_LIST_DIR}/deskauth.wxs" "${_fragment}"
  WORKING_DIRECTORY "${CPACK_TOPLEVEL_DIRECTORY}"
  RESULT_VARIABLE _wixl)
if(NOT _wixl EQUAL 0)
  message(FATAL_ERROR "wixl failed (${_wixl})")
endif()
set(CPACK_EXTERNAL_BUILT_PACKAGES "${_msi}")
