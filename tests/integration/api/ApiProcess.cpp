#include "ApiProcess.h"

#include "http/JsonBody.h"
#include "http/PocoHttpTransport.h"
#include "support/TestPaths.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/PipeStream.h>
#include <Poco/StreamCopier.h>

#include <Poco/TemporaryFile.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace deskauth::test {
namespace {

std::vector<std::string> withDefaultArgs(std::vector<std::string> args, bool withDefaults) {
    if (!withDefaults) return args;
    std::vector<std::string> all = {"--config", sourceDir() + "/config/api.json", "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    return all;
}

}  // namespace

std::string ApiProcess::executable() { return DESKAUTH_API_EXECUTABLE; }

int freeLoopbackPort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

std::string temporaryFile(const std::string& content) {
    const std::string path = Poco::TemporaryFile::tempName();
    Poco::TemporaryFile::registerForDeletion(path);
    std::ofstream(path) << content;
    return path;
}

std::string temporaryApiConfig(const std::string& issuer, const std::string& oauthExtra) {
    const std::string certs = devCertsDir();
    return temporaryFile(R"({
  "server": {"port": 0, "certificateFile": ")" + certs + R"(/server.pem", "privateKeyFile": ")" + certs + R"(/server.key"},
  "oauth": {"issuer": ")" + issuer + R"(", "audience": "urn:deskauth:api", "requiredScope": "api.read",
            "introspection": {"clientId": "deskauth-api", "clientSecret": "deskauth-api-dev-secret"})" + oauthExtra + R"(},
  "tls": {"extraCaFile": ")" + certs + R"(/ca.pem"},
  "data": {"directory": ")" + sourceDir() + R"(/resources/data"},
  "log": {"level": "info"}
})");
}

ApiProcess::ApiProcess(std::vector<std::string> args, bool withDefaults) {
    devCertsDir();  // config/api.json points at .devcerts
    process_ = std::make_unique<Poco::ProcessHandle>(
        Poco::Process::launch(executable(), withDefaultArgs(std::move(args), withDefaults), nullptr, &stdout_, &stderr_));
    stderrReader_ = std::thread([this] {
        Poco::PipeInputStream in(stderr_);
        std::string line;
        while (std::getline(in, line)) {
            std::lock_guard lock(logMutex_);
            log_ += line + "\n";
        }
    });
    Poco::PipeInputStream out(stdout_);
    std::string line;
    static const std::regex listening(R"(^deskauth-api listening on (https://127\.0\.0\.1:(\d+))$)");
    if (std::getline(out, line)) {
        std::smatch match;
        if (std::regex_match(line, match, listening)) {
            baseUrl_ = match[1];
            port_ = std::stoi(match[2]);
            return;
        }
    }
    const int code = process_->wait();
    stopped_ = true;
    stderrReader_.join();
    throw std::runtime_error("deskauth-api did not start (exit " + std::to_string(code) + ", stdout '" + line +
                             "'): " + log());
}

ApiProcess::~ApiProcess() {
    try {
        stop();
    } catch (...) {
    }
}

int ApiProcess::stop(int signal) {
    if (stopped_) return exitCode_;
    stopped_ = true;
    ::kill(process_->id(), signal);
    exitCode_ = process_->wait();
    if (stderrReader_.joinable()) stderrReader_.join();
    return exitCode_;
}

std::string ApiProcess::log() const {
    std::lock_guard lock(logMutex_);
    return log_;
}

std::string ApiProcess::waitForLogLine(const std::vector<std::string>& parts) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    do {
        std::istringstream in(log());
        std::string line;
        while (std::getline(in, line)) {
            bool all = true;
            for (const auto& part : parts) all = all && line.find(part) != std::string::npos;
            if (all) return line;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return "";
}

HttpResponse ApiProcess::get(const std::string& path, const std::string& token, const HeaderList& extraHeaders) const {
    PocoHttpTransport transport(TransportSettings{devCertsDir() + "/ca.pem"});
    HttpRequest request;
    request.url = baseUrl_ + path;
    if (!token.empty()) request.headers.emplace_back("Authorization", "Bearer " + token);
    request.headers.insert(request.headers.end(), extraHeaders.begin(), extraHeaders.end());
    return transport.send(request);
}

void ApiProcess::advanceClock(std::chrono::seconds by) const {
    PocoHttpTransport transport(TransportSettings{devCertsDir() + "/ca.pem"});
    HttpRequest request;
    request.method = "POST";
    request.url = baseUrl_ + "/test/clock/advance/" + std::to_string(by.count());
    const HttpResponse response = transport.send(request);
    if (response.status != 200) {
        throw std::runtime_error("the API did not move its clock: " + std::to_string(response.status) + " " + response.body);
    }
}

ApiProcess::Exit ApiProcess::runToCompletion(const std::vector<std::string>& args) {
    Poco::Pipe out;
    Poco::Pipe err;
    Poco::ProcessHandle handle = Poco::Process::launch(executable(), args, nullptr, &out, &err);
    Exit result;
    std::thread errReader([&] {
        Poco::PipeInputStream in(err);
        Poco::StreamCopier::copyToString(in, result.err);
    });
    Poco::PipeInputStream in(out);
    Poco::StreamCopier::copyToString(in, result.out);
    errReader.join();
    result.code = handle.wait();
    return result;
}

Poco::JSON::Object::Ptr objectOf(const HttpResponse& response) {
    return json::parseObject(response.body, "api_answer_not_an_object");
}

}  // namespace deskauth::test
