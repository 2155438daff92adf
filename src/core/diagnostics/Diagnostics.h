#pragma once
// `deskauth --diagnose` and Help → Diagnostics…: every check a sign-in depends on, in order —
// configuration, authority (proxy, TLS, issuer, endpoints, clock), loopback ports, private URI
// scheme, secret store — as a DiagnosticReport. wx-free; blocking (network, keyring), so the UI
// runs it on a worker thread. Never reads or prints a token.
#include "diagnostics/DiagnosticReport.h"

#include <chrono>
#include <string>

namespace deskauth {

struct DiagnosticsRequest {
    std::string configPath;  // empty: no configuration was found
    std::string executable;  // absolute path of this deskauth (for the scheme registration)
    std::chrono::milliseconds keyringPromptTimeout{60000};
};

DiagnosticReport runDiagnostics(const DiagnosticsRequest& request);

}  // namespace deskauth
