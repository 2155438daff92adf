#pragma once
// A server process a test starts and stops: launched with its stdout piped, ready once it prints
// "listening on <URL>" (the event every development server here announces), stopped with SIGTERM
// and waited for when destroyed. Throws when the process ends before that line.
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <memory>
#include <string>
#include <vector>

namespace deskauth::test {

class ListeningProcess {
public:
    // `what` names the server in the exception (e.g. "the authorization server").
    ListeningProcess(const std::string& command, const std::vector<std::string>& args, const std::string& what);
    ~ListeningProcess();
    ListeningProcess(const ListeningProcess&) = delete;
    ListeningProcess& operator=(const ListeningProcess&) = delete;

    // The URL of the "listening on" line.
    const std::string& url() const { return url_; }

private:
    std::unique_ptr<Poco::ProcessHandle> process_;
    Poco::Pipe stdout_;
    std::string url_;
};

}  // namespace deskauth::test
