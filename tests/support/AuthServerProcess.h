#pragma once
// Starts the real development authorization server (tools/authserver, node + oidc-provider) on a
// free loopback port for a test, and stops it (SIGTERM) when destroyed. Fails loudly when node or
// the server's npm packages are missing.
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <memory>
#include <string>
#include <vector>

namespace deskauth::test {

class AuthServerProcess {
public:
    explicit AuthServerProcess(std::vector<std::string> extraArgs = {});
    ~AuthServerProcess();

    const std::string& issuer() const { return issuer_; }
    // GET /test/stats as {name: count}; needs the server's --test-endpoints (always on here).
    int stat(const std::string& name) const;

private:
    std::unique_ptr<Poco::ProcessHandle> process_;
    Poco::Pipe stdout_;
    std::string issuer_;
};

// GET `issuer`/test/stats of a development server started with --test-endpoints: the count of
// `name` (e.g. "refresh_token" grants), -1 when the server has none.
int authServerStat(const std::string& issuer, const std::string& name);

}  // namespace deskauth::test
