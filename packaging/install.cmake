# What a package installs besides the executables: the default configuration (a template for the
# organisation's authority and API; tester menu hidden), the post-login pages, and the desktop
# integration files (launcher with the URI scheme, AppStream metadata, icon).
set(DESKAUTH_DATA_DIR ${CMAKE_INSTALL_DATADIR}/deskauth)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/desktop.json DESTINATION ${DESKAUTH_DATA_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/resources/pages/login-success.html
              ${PROJECT_SOURCE_DIR}/resources/pages/login-error.html
        DESTINATION ${DESKAUTH_DATA_DIR}/pages)
if(UNIX AND NOT APPLE)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/linux/com.deskauth.desktop.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES ${PROJECT_SOURCE_DIR}/packaging/linux/com.deskauth.desktop.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/deskauth.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps RENAME com.deskauth.desktop.svg)
endif()
