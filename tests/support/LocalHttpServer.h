#pragma once
// A real HTTP server on 127.0.0.1 with a free port, answering with a function; for unit tests
// that need real sockets (HttpClient, transport behaviour).
#include "http/HttpTransport.h"

#include <Poco/Net/HTTPServer.h>

#include <functional>
#include <memory>
#include <string>

namespace deskauth::test {

class LocalHttpServer {
public:
    using Handler = std::function<HttpResponse(const HttpRequest&)>;  // called on server threads
    explicit LocalHttpServer(Handler handler);
    ~LocalHttpServer();
    std::string url(const std::string& path) const;

private:
    Handler handler_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace deskauth::test
