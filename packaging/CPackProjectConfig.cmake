# Read by cpack once per generator (CPACK_PROJECT_CONFIG_FILE).
if(CPACK_GENERATOR STREQUAL "DEB")
  # CPackDeb (3.25) writes CPACK_PACKAGE_DESCRIPTION_SUMMARY before every component's description
  # unless it is CPack's default; ours start with their own synopsis (packaging/CPackConfig.cmake).
  set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${CPACK_DEFAULT_PACKAGE_DESCRIPTION_SUMMARY}")
endif()
if(CPACK_GENERATOR STREQUAL "TGZ")
  # Each archive unpacks into one folder (deskauth-<version>-Linux/bin, share, ...).
  set(CPACK_COMPONENT_INCLUDE_TOPLEVEL_DIRECTORY ON)
endif()
