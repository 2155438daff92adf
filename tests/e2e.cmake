# End-to-end journeys (label e2e): the real app under Xvfb, the real authorization server and API,
# system Chromium as the browser, the real Secret Service (gnome-keyring). Each starts its own X
# display and servers; the app's loopback listener uses the registered ports 8001-8003, so the
# journeys run one at a time (RESOURCE_LOCK, while unit and integration tests go on beside them)
# and each holds the project's ports lock, /tmp/deskauth-ports.lock, against the benchmark and
# other checkouts' tests on the same machine.
set(DESKAUTH_E2E_JOURNEYS sign-in expire-access-token expire-refresh-token sign-out another-user cancel error-view
    restart expire-then-restart slow-api double-sign-in closed-tab-retry declined-consent busy-port private-uri forged-private-uri
    browser-fails device-sign-in device-declined device-cancel hanging-discovery no-session-bus par-sign-in
    corrupt-session cancel-then-sign-in return-after-restart)
foreach(journey IN LISTS DESKAUTH_E2E_JOURNEYS)
  # Inside a private D-Bus session with a real gnome-keyring, as on a desktop.
  add_test(NAME e2e.${journey}
           COMMAND flock /tmp/deskauth-ports.lock ${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring
                   ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/journeys.mjs ${journey})
  set_tests_properties(e2e.${journey} PROPERTIES
    LABELS e2e RESOURCE_LOCK deskauth-ports TIMEOUT 420
    ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR}")
endforeach()

# The demo's CA trust step through the real browser and the user's NSS database (no X, no ports
# of the range: the server takes a free port).
add_test(NAME e2e.demo-ca-trust COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/ca-trust.mjs)
set_tests_properties(e2e.demo-ca-trust PROPERTIES LABELS e2e TIMEOUT 420
  ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR}")

# Glewlwyd's own login page (a JavaScript app) in Chromium against tools/glewlwyd/server, with
# the test's own loopback listener (free ports from the OS, none of the range): the consent boxes
# start unticked, and the page sends what tests/support/GlewlwydBrowser sends in the C++ suites.
add_test(NAME e2e.glewlwyd-login-page COMMAND ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/glewlwyd-login-page.mjs)
set_tests_properties(e2e.glewlwyd-login-page PROPERTIES LABELS e2e TIMEOUT 420
  ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR}")

# Journeys against Glewlwyd (tools/glewlwyd/server on the registered loopback ports) with the real
# app, Chromium on Glewlwyd's login page and the API: the desktop settings docs/configuration.md
# gives for Glewlwyd.
foreach(journey IN ITEMS sign-in expire-access-token expire-refresh-token sign-out restart private-uri)
  add_test(NAME e2e.glewlwyd-${journey}
           COMMAND flock /tmp/deskauth-ports.lock ${CMAKE_CURRENT_SOURCE_DIR}/support/with-keyring
                   ${NODE_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/glewlwyd-journeys.mjs ${journey})
  set_tests_properties(e2e.glewlwyd-${journey} PROPERTIES
    LABELS e2e RESOURCE_LOCK deskauth-ports TIMEOUT 420
    ENVIRONMENT "DESKAUTH_BUILD_DIR=${PROJECT_BINARY_DIR}")
endforeach()
