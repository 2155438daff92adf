#pragma once
// The deskauth-api command line. Options override config/api.json, for tests and scripts:
//   --config PATH  --port N (0 = free port)  --issuer URL  --validation jwt|introspection
//   --log-level L  --test-endpoints  --help
// Both "--opt value" and "--opt=value" work. Value type.
// Threads: pure parsing, called once on the main thread before the server starts.
#include <optional>
#include <string>
#include <vector>

namespace deskauth::api {

struct CommandLine {
    std::string configPath = "config/api.json";
    std::optional<int> port;
    std::optional<std::string> issuer;
    std::optional<std::string> validation;
    std::optional<std::string> logLevel;
    bool testEndpoints = false;  // GET /test/stats (counters for tests and benchmarks), POST /test/clock/advance/N
    bool help = false;

    // Throws std::invalid_argument with a message for the user.
    static CommandLine parse(const std::vector<std::string>& args);
    static const char* usage();
};

}  // namespace deskauth::api
