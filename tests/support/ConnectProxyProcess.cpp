#include "support/ConnectProxyProcess.h"

#include "support/TestPaths.h"

#include <Poco/Exception.h>
#include <Poco/PipeStream.h>

#include <algorithm>
#include <stdexcept>

namespace deskauth::test {

ConnectProxyProcess::ConnectProxyProcess() {
    process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(
        nodeExecutable(), {sourceDir() + "/tests/support/connect-proxy.mjs"}, nullptr, &stdout_, nullptr));
    auto out = std::make_shared<Poco::PipeInputStream>(stdout_);
    const std::string ready = "connect-proxy listening on ";
    std::string line;
    while (std::getline(*out, line)) {
        if (line.rfind(ready, 0) == 0) {
            url_ = line.substr(ready.size());
            break;
        }
    }
    if (url_.empty()) throw std::runtime_error("tests/support/connect-proxy.mjs exited before listening");
    reader_ = std::thread([this, out] {
        std::string connect;
        while (std::getline(*out, connect)) {
            std::lock_guard lock(mutex_);
            if (connect.rfind("CONNECT ", 0) == 0) connects_.push_back(connect.substr(8));
        }
    });
}

ConnectProxyProcess::~ConnectProxyProcess() {
    try {
        Poco::Process::requestTermination(process_->id());
        process_->wait();
    } catch (const Poco::Exception&) {
    }
    if (reader_.joinable()) reader_.join();
}

int ConnectProxyProcess::connectsTo(const std::string& hostPort) const {
    std::lock_guard lock(mutex_);
    return static_cast<int>(std::count(connects_.begin(), connects_.end(), hostPort));
}

}  // namespace deskauth::test
