#include "support/AuthServerProcess.h"

#include "support/TestPaths.h"

#include "http/JsonBody.h"
#include "http/PocoHttpTransport.h"

#include <Poco/File.h>

#include <stdexcept>

namespace deskauth::test {

AuthServerProcess::AuthServerProcess(std::vector<std::string> extraArgs) {
    const std::string server = sourceDir() + "/tools/authserver/server.mjs";
    if (!Poco::File(sourceDir() + "/tools/authserver/node_modules").exists()) {
        throw std::runtime_error("tools/authserver/node_modules is missing: run scripts/install-deps (npm ci)");
    }
    std::vector<std::string> args = {server, "--port", "0", "--test-endpoints", "--quiet", "--certs", devCertsDir()};
    args.insert(args.end(), extraArgs.begin(), extraArgs.end());
    process_ = std::make_unique<ListeningProcess>(nodeExecutable(), args, "the authorization server");
}

int AuthServerProcess::stat(const std::string& name) const { return authServerStat(issuer(), name); }

int authServerStat(const std::string& issuer, const std::string& name) {
    PocoHttpTransport transport({devCertsDir() + "/ca.pem"});
    HttpResponse response = transport.send({"GET", issuer + "/test/stats", {}, "", ""});
    if (response.status != 200) throw std::runtime_error("GET /test/stats answered " + std::to_string(response.status));
    auto object = json::parseObject(response.body, "stats");
    return object->optValue<int>(name, -1);
}

}  // namespace deskauth::test
