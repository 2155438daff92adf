#pragma once
// Runs the real deskauth-api binary as a child process for a test: waits for its one stdout line
// ("deskauth-api listening on https://127.0.0.1:<port>"), collects its stderr (the log) on a
// thread, and stops it with SIGTERM. Fails loudly when the binary does not start.
#include "http/HttpTransport.h"

#include <Poco/JSON/Object.h>
#include <Poco/Pipe.h>
#include <Poco/Process.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace deskauth::test {

class ApiProcess {
public:
    // Arguments after the binary; "--config <repo>/config/api.json --port 0" come first unless
    // `withDefaults` is false.
    explicit ApiProcess(std::vector<std::string> args, bool withDefaults = true);
    ~ApiProcess();

    const std::string& baseUrl() const { return baseUrl_; }
    int port() const { return port_; }
    // Everything the API wrote to stderr so far.
    std::string log() const;
    // The first log line containing all of `parts`, waiting up to 5 s for it (the API writes a
    // request's line just after sending the answer); "" when none came.
    std::string waitForLogLine(const std::vector<std::string>& parts) const;
    // Sends `signal` (SIGTERM by default), then returns the exit code.
    int stop(int signal = 15);
    int pid() const { return static_cast<int>(process_->id()); }

    // GET baseUrl + path with "Authorization: Bearer <token>" (none when token is empty).
    HttpResponse get(const std::string& path, const std::string& token = "",
                     const HeaderList& extraHeaders = {}) const;
    // POST /test/clock/advance/<seconds> (needs --test-endpoints): the API judges tokens as if
    // that much more time had passed. Fails the test when the API refuses.
    void advanceClock(std::chrono::seconds by) const;

    struct Exit {
        int code = -1;
        std::string out;
        std::string err;
    };
    // For runs that are expected to end by themselves (bad config, busy port, --help).
    static Exit runToCompletion(const std::vector<std::string>& args);

    static std::string executable();

private:
    std::unique_ptr<Poco::ProcessHandle> process_;
    Poco::Pipe stdout_;
    Poco::Pipe stderr_;
    std::thread stderrReader_;
    mutable std::mutex logMutex_;
    std::string log_;
    std::string baseUrl_;
    int port_ = 0;
    bool stopped_ = false;
    int exitCode_ = -1;
};

// A free loopback port at the time of the call (for servers that must come back on the same port).
int freeLoopbackPort();

// A temporary settings file like config/api.json but with absolute paths, for `issuer`, with
// `oauthExtra` (e.g. R"(, "clockSkewSeconds": 0)") added to the oauth object. Deleted at exit.
std::string temporaryApiConfig(const std::string& issuer, const std::string& oauthExtra = "");

// A temporary file with this content, deleted at exit.
std::string temporaryFile(const std::string& content);

// The API's JSON object answer (json::parseObject: a ProtocolError if the body is not one).
Poco::JSON::Object::Ptr objectOf(const HttpResponse& response);

}  // namespace deskauth::test
