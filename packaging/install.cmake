# What a package installs, in two components: `app` (the desktop app with its packaged default
# configuration — a template for the organisation's authority and API, tester menu hidden — the
# post-login pages and, on Linux, the desktop integration files) and `api` (the sample API with its
# sample data). The development authorization server and its certificates are never installed.
# The app finds these files relative to its own executable (bin/../share/deskauth), so any prefix
# works (src/app/shell/ConfigLocator.cpp); on macOS they go inside the bundle.
if(APPLE)  # inside the bundle: deskauth.app/Contents/MacOS/../share/deskauth
  set(DESKAUTH_DATA_DIR deskauth.app/Contents/share/deskauth)
else()
  set(DESKAUTH_DATA_DIR ${CMAKE_INSTALL_DATADIR}/deskauth)
endif()
install(FILES ${PROJECT_SOURCE_DIR}/packaging/desktop.json DESTINATION ${DESKAUTH_DATA_DIR} COMPONENT app)
install(FILES ${PROJECT_SOURCE_DIR}/resources/pages/login-success.html
              ${PROJECT_SOURCE_DIR}/resources/pages/login-error.html
        DESTINATION ${DESKAUTH_DATA_DIR}/pages COMPONENT app)
if(TARGET deskauth-api)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/data/companies.json
                ${PROJECT_SOURCE_DIR}/resources/data/transactions.json
          DESTINATION ${CMAKE_INSTALL_DATADIR}/deskauth-api/data COMPONENT api)
endif()

if(UNIX AND NOT APPLE)
  set(DESKAUTH_APP_ID com.deskauth.desktop)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/${DESKAUTH_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT app)
  install(FILES ${PROJECT_SOURCE_DIR}/resources/desktop/${DESKAUTH_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT app)

  # Icons in the hicolor theme: the SVG, and PNGs rendered from it at build time.
  set(_svg ${PROJECT_SOURCE_DIR}/resources/icons/deskauth.svg)
  install(FILES ${_svg} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
          RENAME ${DESKAUTH_APP_ID}.svg COMPONENT app)
  find_program(RSVG_CONVERT rsvg-convert)
  deskauth_require(RSVG_CONVERT "rsvg-convert (renders the PNG icons)" librsvg2-bin)
  set(_pngs)
  foreach(size 16 24 32 48 64 128 256)
    set(_png ${PROJECT_BINARY_DIR}/icons/${size}x${size}/${DESKAUTH_APP_ID}.png)
    add_custom_command(OUTPUT ${_png}
      COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/icons/${size}x${size}
      COMMAND ${RSVG_CONVERT} --width ${size} --height ${size} --output ${_png} ${_svg}
      DEPENDS ${_svg} VERBATIM)
    list(APPEND _pngs ${_png})
    install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps COMPONENT app)
  endforeach()
  add_custom_target(deskauth_icons ALL DEPENDS ${_pngs})

  # Manual pages from each program's --help (help2man), so they never disagree with it.
  find_program(HELP2MAN help2man)
  deskauth_require(HELP2MAN "help2man (writes the manual pages)" help2man)
  set(_manpages)
  foreach(program_component_name
          "deskauth:app:sign in through the system browser and see your companies"
          "deskauth-api:api:the DeskAuth sample protected API")
    string(REPLACE ":" ";" _fields "${program_component_name}")
    list(GET _fields 0 _program)
    list(GET _fields 1 _component)
    list(GET _fields 2 _name)
    if(NOT TARGET ${_program})
      continue()
    endif()
    set(_page ${PROJECT_BINARY_DIR}/packaging/${_program}.1.gz)
    add_custom_command(OUTPUT ${_page}
      COMMAND ${HELP2MAN} --no-info --version-string=${PROJECT_VERSION} --name=${_name}
              --output=${PROJECT_BINARY_DIR}/packaging/${_program}.1 $<TARGET_FILE:${_program}>
      COMMAND gzip -9 -n -f ${PROJECT_BINARY_DIR}/packaging/${_program}.1
      DEPENDS ${_program} VERBATIM)
    list(APPEND _manpages ${_page})
    install(FILES ${_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${_component})
  endforeach()
  add_custom_target(deskauth_manpages ALL DEPENDS ${_manpages})

  # What Debian policy asks of every package: a copyright file and a compressed changelog in
  # /usr/share/doc/<package> (the archives get them too).
  set(_changelog_gz ${PROJECT_BINARY_DIR}/packaging/changelog.gz)
  add_custom_command(OUTPUT ${_changelog_gz}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging
    COMMAND gzip -9 -n -c ${PROJECT_SOURCE_DIR}/packaging/linux/changelog > ${_changelog_gz}
    DEPENDS ${PROJECT_SOURCE_DIR}/packaging/linux/changelog)
  add_custom_target(deskauth_changelog ALL DEPENDS ${_changelog_gz})
  foreach(component_package app:deskauth api:deskauth-api)
    string(REPLACE ":" ";" _pair ${component_package})
    list(GET _pair 0 _component)
    list(GET _pair 1 _package)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/linux/copyright ${_changelog_gz}
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${_package} COMPONENT ${_component})
  endforeach()
endif()
