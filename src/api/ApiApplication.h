#pragma once
// The composition root: builds every part of the API from its configuration, in dependency
// order, and owns them for the life of the process. Construction loads the data and binds the
// port (throws PortInUse / std::runtime_error); start() accepts connections; stop() drains them.
// start/stop from the main thread; the parts themselves are used by the server's threads.
#include "ApiClock.h"
#include "ApiConfiguration.h"
#include "ApiServer.h"
#include "ApiService.h"
#include "ApiStats.h"
#include "BearerAuthentication.h"
#include "ClaimsCache.h"
#include "CompanyEndpoints.h"
#include "CompanyRepository.h"
#include "JwtAccessTokenValidator.h"
#include "RequestLog.h"
#include "TokenValidator.h"

#include "http/PocoHttpTransport.h"
#include "oauth/Discovery.h"

#include <memory>
#include <string>

namespace deskauth::api {

class ApiApplication {
public:
    ApiApplication(const ApiConfiguration& config, bool testEndpoints);

    void start() { server_.start(); }
    void stop() { server_.stop(); }
    int port() const { return server_.port(); }

    // {"jwksFetches":..,"signatureChecks":..,"introspections":..,"cacheHits":..,"cacheMisses":..,"cacheEntries":..}
    std::string statsJson() const;

private:
    std::unique_ptr<TokenValidator> makeValidator();

    ApiConfiguration config_;
    ApiClock clock_;  // tokens are judged by it; moved only through the test endpoint
    ApiStats stats_;
    PocoHttpTransport transport_;
    Discovery discovery_;
    JwtAccessTokenValidator* jwt_ = nullptr;  // the validator when validation is "jwt"
    std::unique_ptr<TokenValidator> validator_;
    ClaimsCache cache_;
    DpopProofVerifier dpop_;
    BearerAuthentication authentication_;
    CompanyRepository repository_;
    CompanyEndpoints endpoints_;
    RequestLog requestLog_;
    ApiService service_;
    ApiServer server_;
};

}  // namespace deskauth::api
