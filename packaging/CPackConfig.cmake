# Installers with CPack. Linux: DEB and RPM (one package per component: `deskauth`, the app, and
# `deskauth-api`, the sample API) and TGZ archives of the same two; Windows: a per-user NSIS
# installer and a per-machine MSI; macOS: a drag-and-drop .dmg of the bundle. Windows and macOS installers hold the app
# only. Make them with `cmake --build --preset release --target package`, or one generator with
# `(cd build/release && cpack -G DEB)`.
set(CPACK_PACKAGE_NAME "deskauth")
set(CPACK_PACKAGE_VENDOR "DeskAuth developers")
set(CPACK_PACKAGE_CONTACT "DeskAuth developers <deskauth@example.com>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://deskauth.example.com")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "DeskAuth")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)  # packages never carry symbols, whatever the build type

# Per package: a synopsis, then the long text in lines short enough for Debian's tools.
set(CPACK_PROJECT_CONFIG_FILE "${PROJECT_SOURCE_DIR}/packaging/CPackProjectConfig.cmake")
set(_app_summary "Corporate sign-in through the system browser")
set(_app_text "Signs corporate users in through their usual web browser with OpenID Connect
(Authorization Code with PKCE), keeps the session in the desktop's secret
store and fresh without interrupting them, and shows the companies and
transactions they may see.")
set(_api_summary "Sample protected API for the DeskAuth desktop app")
set(_api_text "Validates OAuth 2 access tokens (JWT with JWKS, or token introspection) and
serves companies and transactions by the regions in the caller's claims.")
set(CPACK_COMPONENT_APP_DISPLAY_NAME "DeskAuth")
set(CPACK_COMPONENT_APP_DESCRIPTION "${_app_summary}\n${_app_text}")
set(CPACK_RPM_APP_PACKAGE_SUMMARY "${_app_summary}")
set(CPACK_RPM_APP_PACKAGE_DESCRIPTION "${_app_text}")
set(CPACK_COMPONENT_API_DISPLAY_NAME "DeskAuth sample API")
set(CPACK_COMPONENT_API_DESCRIPTION "${_api_summary}\n${_api_text}")
set(CPACK_RPM_API_PACKAGE_SUMMARY "${_api_summary}")
set(CPACK_RPM_API_PACKAGE_DESCRIPTION "${_api_text}")

if(WIN32)
  # NSIS: the per-user installer; External: the per-machine MSI, made by wixl from the files CPack
  # stages (packaging/windows/wixl-msi.cmake, packaging/windows/deskauth.wxs).
  set(CPACK_GENERATOR "NSIS;External")
  set(CPACK_EXTERNAL_ENABLE_STAGING ON)
  set(CPACK_EXTERNAL_PACKAGE_SCRIPT "${PROJECT_SOURCE_DIR}/packaging/windows/wixl-msi.cmake")
  set(CPACK_MONOLITHIC_INSTALL ON)  # one installer of the app component, no component page
  set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};app;/")
  # Our own installer script (packaging/windows/NSIS.template.in): per user, no administrator
  # rights, under %LOCALAPPDATA%\Programs; the URI scheme is registered under HKCU by the app.
  list(PREPEND CMAKE_MODULE_PATH "${PROJECT_SOURCE_DIR}/packaging/windows")
  set(CPACK_NSIS_INSTALL_ROOT "$LOCALAPPDATA\\\\Programs")
  set(CPACK_NSIS_DISPLAY_NAME "DeskAuth")
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop")
  set(CPACK_MONOLITHIC_INSTALL ON)
  set(CPACK_INSTALL_CMAKE_PROJECTS "${PROJECT_BINARY_DIR};${PROJECT_NAME};app;/")
else()
  set(CPACK_GENERATOR "DEB;RPM;TGZ")

  set(CPACK_DEB_COMPONENT_INSTALL ON)
  set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
  set(CPACK_DEBIAN_PACKAGE_SOURCE "deskauth")
  set(CPACK_DEBIAN_PACKAGE_SECTION "net")
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from dpkg-shlibdeps: runtime libraries only
  set(CPACK_DEBIAN_APP_PACKAGE_NAME "deskauth")
  set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, xdg-utils")
  set(CPACK_DEBIAN_API_PACKAGE_NAME "deskauth-api")

  set(CPACK_RPM_COMPONENT_INSTALL ON)
  set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
  set(CPACK_RPM_PACKAGE_LICENSE "MIT")
  set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
  set(CPACK_RPM_PACKAGE_URL "${CPACK_PACKAGE_HOMEPAGE_URL}")
  set(CPACK_RPM_APP_PACKAGE_NAME "deskauth")  # Requires from rpmbuild's automatic soname scan
  set(CPACK_RPM_API_PACKAGE_NAME "deskauth-api")

  # Archives are relocatable: the app finds bin/../share/deskauth wherever they are unpacked.
  set(CPACK_ARCHIVE_COMPONENT_INSTALL ON)
  set(CPACK_ARCHIVE_APP_FILE_NAME "deskauth-${PROJECT_VERSION}-Linux")
  set(CPACK_ARCHIVE_API_FILE_NAME "deskauth-api-${PROJECT_VERSION}-Linux")
endif()

include(CPack)
