#include "CommandLine.h"

#include <stdexcept>

namespace deskauth::api {

const char* CommandLine::usage() {
    return "Usage: deskauth-api [options]\n"
           "\n"
           "The DeskAuth sample protected API, HTTPS on 127.0.0.1 only.\n"
           "\n"
           "  --config PATH         settings file (default: config/api.json)\n"
           "  --port N              listen port, 0 = any free port (overrides server.port)\n"
           "  --issuer URL          authorization server (overrides oauth.issuer)\n"
           "  --validation MODE     jwt | introspection (overrides oauth.validation)\n"
           "  --log-level LEVEL     error, warning, info, debug, trace (overrides log.level)\n"
           "  --test-endpoints      enable GET /test/stats (validation and cache counters) and\n"
           "                        POST /test/clock/advance/SECONDS (moves the API's clock forward)\n"
           "  --help                show this text\n"
           "\n"
           "Prints one line when ready: deskauth-api listening on https://127.0.0.1:<port>\n"
           "Exit codes: 0 after SIGTERM/SIGINT, 1 bad configuration or options, 2 port in use.\n";
}

CommandLine CommandLine::parse(const std::vector<std::string>& args) {
    CommandLine line;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string name = args[i];
        std::optional<std::string> inlineValue;
        if (auto eq = name.find('='); name.rfind("--", 0) == 0 && eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        auto value = [&]() -> std::string {
            if (inlineValue) return *inlineValue;
            if (i + 1 >= args.size()) throw std::invalid_argument(name + " needs a value");
            return args[++i];
        };
        if (name == "--help" || name == "-h") {
            line.help = true;
        } else if (name == "--test-endpoints") {
            line.testEndpoints = true;
        } else if (name == "--config") {
            line.configPath = value();
        } else if (name == "--issuer") {
            line.issuer = value();
        } else if (name == "--validation") {
            line.validation = value();
            if (*line.validation != "jwt" && *line.validation != "introspection") {
                throw std::invalid_argument("--validation must be jwt or introspection");
            }
        } else if (name == "--log-level") {
            line.logLevel = value();
        } else if (name == "--port") {
            const std::string text = value();
            std::size_t used = 0;
            int port = -1;
            try {
                port = std::stoi(text, &used);
            } catch (const std::exception&) {
            }
            if (used != text.size() || port < 0 || port > 65535) {
                throw std::invalid_argument("--port must be a number from 0 to 65535, not '" + text + "'");
            }
            line.port = port;
        } else {
            throw std::invalid_argument("unknown option '" + name + "'");
        }
    }
    return line;
}

}  // namespace deskauth::api
