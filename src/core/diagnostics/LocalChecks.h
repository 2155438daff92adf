#pragma once
// The checks of this computer that a sign-in depends on: free loopback redirect ports (and who
// holds the busy ones), the private URI scheme's registration, and the secret store. None reads a
// token. Blocking (the secret store may take seconds); call off the UI thread.
#include "config/Configuration.h"
#include "diagnostics/DiagnosticReport.h"

#include <chrono>

namespace deskauth {

void checkLoopbackPorts(const Configuration& config, DiagnosticReport& report);
// `executable`: the absolute path of this deskauth, which the registration must point at.
void checkSchemeRegistration(const Configuration& config, const std::string& executable, DiagnosticReport& report);
// `promptTimeout`: how long an unlock prompt of the keyring may wait for the user.
void checkSecretStore(const Configuration& config, std::chrono::milliseconds promptTimeout, DiagnosticReport& report);

}  // namespace deskauth
