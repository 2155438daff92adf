#pragma once
// Starts the real development authorization server (tools/authserver, node + oidc-provider) on a
// free loopback port for a test, and stops it (SIGTERM) when destroyed. Fails loudly when node or
// the server's npm packages are missing.
#include "support/ListeningProcess.h"

#include <memory>
#include <string>
#include <vector>

namespace deskauth::test {

class AuthServerProcess {
public:
    explicit AuthServerProcess(std::vector<std::string> extraArgs = {});

    const std::string& issuer() const { return process_->url(); }
    // GET /test/stats as {name: count}; needs the server's --test-endpoints (always on here).
    int stat(const std::string& name) const;

private:
    std::unique_ptr<ListeningProcess> process_;
};

// GET `issuer`/test/stats of a development server started with --test-endpoints: the count of
// `name` (e.g. "refresh_token" grants), -1 when the server has none.
int authServerStat(const std::string& issuer, const std::string& name);

}  // namespace deskauth::test
