#include "support/GlewlwydProcess.h"

#include "support/TestPaths.h"

#include <Poco/Exception.h>
#include <Poco/PipeStream.h>

#include <regex>
#include <stdexcept>

namespace deskauth::test {

GlewlwydProcess::GlewlwydProcess(int firstPort, int lastPort) {
    const std::string script = sourceDir() + "/tools/glewlwyd/server";
    const std::vector<std::string> args = {"--port", "0", "--quiet", "--certs", devCertsDir(), "--redirect-ports",
                                           std::to_string(firstPort) + "-" + std::to_string(lastPort)};
    process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(script, args, nullptr, &stdout_, nullptr));
    Poco::PipeInputStream out(stdout_);
    std::string line;
    static const std::regex listening(R"(listening on (\S+))");
    while (std::getline(out, line)) {
        std::smatch match;
        if (std::regex_search(line, match, listening)) {
            issuer_ = match[1];
            return;
        }
    }
    const int code = process_->wait();
    process_.reset();
    throw std::runtime_error("tools/glewlwyd/server exited (" + std::to_string(code) +
                             ") before Glewlwyd was ready; its stderr above says why (missing package: scripts/install-deps)");
}

GlewlwydProcess::~GlewlwydProcess() {
    if (!process_) return;
    try {
        Poco::Process::requestTermination(process_->id());
        process_->wait();
    } catch (const Poco::Exception&) {
    }
}

}  // namespace deskauth::test
