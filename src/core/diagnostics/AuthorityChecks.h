#pragma once
// The checks that talk to the authorization server, over the same transport (CAs, proxy, time
// limits) the app uses: reachable (and through which proxy), TLS chain trusted (by the system CAs
// or by tls.extraCaFile / tls.extraCaDir), certificate host name, discovery `issuer` equal to
// oauth.authority, the endpoints the app needs, and clock skew against the server's Date header.
// Blocking (network); call off the UI thread.
#include "config/Configuration.h"
#include "diagnostics/DiagnosticReport.h"

namespace deskauth {

void checkAuthority(const Configuration& config, DiagnosticReport& report);

}  // namespace deskauth
