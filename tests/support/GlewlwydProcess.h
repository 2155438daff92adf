#pragma once
// Starts Debian's Glewlwyd through tools/glewlwyd/server (its own database, config and RS256 key in
// a temporary folder, HTTPS on 127.0.0.1, configured over the admin API) for a test, and stops it
// (SIGTERM; the script stops Glewlwyd and removes the folder) when destroyed. Fails loudly when
// the glewlwyd package or the script's tools are missing: scripts/install-deps installs them.
#include "support/ListeningProcess.h"

#include <string>

namespace deskauth::test {

class GlewlwydProcess {
public:
    // The client `desktop` gets http://127.0.0.1:<p>/callback registered for p in firstPort..lastPort
    // (Glewlwyd compares redirect URIs exactly, ports included).
    GlewlwydProcess(int firstPort, int lastPort);

    // https://127.0.0.1:<port>/api/oidc: Glewlwyd's issuer has a path.
    const std::string& issuer() const { return process_.url(); }

private:
    ListeningProcess process_;
};

}  // namespace deskauth::test
