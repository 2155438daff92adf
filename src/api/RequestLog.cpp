#include "RequestLog.h"

#include "log/Log.h"

#include <Poco/NumberFormatter.h>

namespace deskauth::api {
namespace {

// A value as a key=value token: "-" when empty, quoted (with \" and \\) when it has spaces,
// quotes or '=', control characters replaced, at most `limit` characters.
std::string field(const std::string& value, std::size_t limit = 300) {
    if (value.empty()) return "-";
    std::string clean;
    bool quote = false;
    for (char c : value.substr(0, limit)) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) c = '?';
        if (c == ' ' || c == '"' || c == '=' || c == '\\') quote = true;
        if (c == '"' || c == '\\') clean += '\\';
        clean += c;
    }
    if (value.size() > limit) clean += "...";
    return quote ? "\"" + clean + "\"" : clean;
}

}  // namespace

RequestLog::RequestLog(Poco::Logger& logger) : logger_(logger) {}

std::string RequestLog::format(const ApiRequest& request, const ApiResponse& response,
                               std::chrono::nanoseconds elapsed) {
    const std::string ms = Poco::NumberFormatter::format(static_cast<double>(elapsed.count()) / 1e6, 3);
    return "method=" + field(request.method, 16) + " path=" + field(log::redact(request.path), 200) +
           " status=" + std::to_string(response.status) + " ms=" + ms + " user=" + field(response.userId, 100) +
           " auth=" + field(response.authSource) + " error_id=" + field(response.errorId) +
           " reason=" + field(response.reason, 1000);
}

void RequestLog::write(const ApiRequest& request, const ApiResponse& response,
                       std::chrono::nanoseconds elapsed) const {
    if (response.status >= 500) {
        if (logger_.error()) logger_.error(format(request, response, elapsed));
    } else if (logger_.information()) {
        logger_.information(format(request, response, elapsed));
    }
}

}  // namespace deskauth::api
