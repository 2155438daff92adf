#pragma once
// Starts tests/support/connect-proxy.mjs (a CONNECT-only forward proxy on 127.0.0.1) for a test,
// records every tunnel it opens, and stops it (SIGTERM) when destroyed.
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deskauth::test {

class ConnectProxyProcess {
public:
    ConnectProxyProcess();
    ~ConnectProxyProcess();

    const std::string& url() const { return url_; }  // http://127.0.0.1:<port>
    // How many CONNECT tunnels to `hostPort` ("127.0.0.1:8443") the proxy has opened so far.
    int connectsTo(const std::string& hostPort) const;

private:
    std::unique_ptr<Poco::ProcessHandle> process_;
    Poco::Pipe stdout_;
    std::string url_;
    mutable std::mutex mutex_;
    std::vector<std::string> connects_;
    std::thread reader_;
};

}  // namespace deskauth::test
