#pragma once
// An HttpTransport answered by a function, for unit tests that need no network.
#include "http/HttpTransport.h"

#include <atomic>
#include <functional>

namespace deskauth::test {

class FakeTransport final : public HttpTransport {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;
    explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

    HttpResponse send(const HttpRequest& request) override {
        ++calls;
        return handler_(request);  // handlers must be thread-safe themselves
    }

    std::atomic<int> calls{0};

private:
    Handler handler_;
};

inline HttpResponse jsonResponse(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = std::move(body);
    return response;
}

}  // namespace deskauth::test
