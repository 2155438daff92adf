#include "support/ListeningProcess.h"

#include <Poco/Exception.h>
#include <Poco/PipeStream.h>

#include <regex>
#include <stdexcept>

namespace deskauth::test {

ListeningProcess::ListeningProcess(const std::string& command, const std::vector<std::string>& args,
                                   const std::string& what) {
    process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch(command, args, nullptr, &stdout_, nullptr));
    Poco::PipeInputStream out(stdout_);
    std::string line;
    static const std::regex listening(R"(listening on (\S+))");
    while (std::getline(out, line)) {
        std::smatch match;
        if (std::regex_search(line, match, listening)) {
            url_ = match[1];
            return;
        }
    }
    const int code = process_->wait();
    process_.reset();
    throw std::runtime_error(what + " exited (" + std::to_string(code) + ") before listening (see its stderr above)");
}

ListeningProcess::~ListeningProcess() {
    if (!process_) return;
    try {
        Poco::Process::requestTermination(process_->id());
        process_->wait();
    } catch (const Poco::Exception&) {
    }
}

}  // namespace deskauth::test
