#pragma once
// One structured line per request on the "deskauth.api.request" logger:
//   method=GET path=/api/companies status=200 ms=0.412 user=user-alice auth=cache error_id=- reason=-
// 5xx lines are logged at error level (with the error ID and the chain of causes), all others at
// information, so "log.level" decides what is kept. The query string, headers and tokens are
// never logged; the path is redacted and cut. Thread-safe: write() formats the line on the
// calling thread and hands it to the log's queue (log/AsyncLogChannel); it never waits for the
// file or stderr.
#include "ApiMessages.h"

#include <Poco/Logger.h>

#include <chrono>
#include <string>

namespace deskauth::api {

class RequestLog {
public:
    explicit RequestLog(Poco::Logger& logger);

    void write(const ApiRequest& request, const ApiResponse& response, std::chrono::nanoseconds elapsed) const;

    static std::string format(const ApiRequest& request, const ApiResponse& response,
                              std::chrono::nanoseconds elapsed);

private:
    Poco::Logger& logger_;
};

}  // namespace deskauth::api
