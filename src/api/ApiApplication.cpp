#include "ApiApplication.h"

#include "IntrospectionValidator.h"
#include "http/ConfiguredTransport.h"
#include "log/Log.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace deskauth::api {
namespace {

TransportSettings transportSettings(const ApiConfiguration& config) {
    return deskauth::transportSettings(config.tls, config.proxy, config.http.connectTimeoutSeconds,
                                       config.http.requestTimeoutSeconds);
}

ServerSettings serverSettings(const ApiConfiguration& config) {
    ServerSettings settings;
    settings.port = config.server.port;
    settings.certificateFile = config.server.certificateFile;
    settings.privateKeyFile = config.server.privateKeyFile;
    settings.maxThreads = config.server.maxThreads;
    settings.requestTimeout = std::chrono::seconds(config.server.requestTimeoutSeconds);
    settings.keepAliveTimeout = std::chrono::seconds(config.server.keepAliveTimeoutSeconds);
    return settings;
}

ClaimRules claimRules(const ApiConfiguration& config, bool jwt) {
    ClaimRules rules;
    rules.issuer = config.oauth.issuer;
    rules.audience = config.oauth.audience;
    rules.regionsClaim = config.oauth.regionsClaim;
    rules.clockSkew = std::chrono::seconds(config.oauth.clockSkewSeconds);
    rules.issuerRequired = jwt;
    rules.expiryRequired = jwt;
    return rules;
}

DpopRules dpopRules(const ApiConfiguration& config) {
    DpopRules rules;
    rules.requireNonce = config.oauth.dpopNonce;
    rules.nonceLifetime = std::chrono::seconds(config.oauth.dpopNonceLifetimeSeconds);
    rules.window = std::chrono::seconds(config.oauth.dpopProofWindowSeconds);
    return rules;
}

}  // namespace

ApiApplication::ApiApplication(const ApiConfiguration& config, bool testEndpoints)
    : config_(config),
      transport_(transportSettings(config_)),
      discovery_(transport_, config_.oauth.issuer),
      validator_(makeValidator()),
      cache_(static_cast<std::size_t>(config_.claimsCache.maxEntries), [this] { return clock_.now(); }),
      dpop_(dpopRules(config_), [this] { return clock_.now(); }),
      authentication_(*validator_, cache_, config_.oauth.requiredScope, stats_, &dpop_),
      repository_(CompanyRepository::load(config_.data.directory)),
      endpoints_(repository_),
      requestLog_(log::get("api.request")),
      service_(ApiRouter(testEndpoints), authentication_, endpoints_, ErrorResponder(),
               [this] { return statsJson(); }, [this](std::chrono::seconds by) { return clock_.advance(by); }),
      server_(serverSettings(config_), service_, requestLog_) {}

std::unique_ptr<TokenValidator> ApiApplication::makeValidator() {
    if (config_.oauth.validation == "introspection") {
        return std::make_unique<IntrospectionValidator>(transport_, discovery_, ClaimsChecker(claimRules(config_, false), [this] { return clock_.now(); }),
                                                        config_.oauth.introspectionClientId,
                                                        config_.oauth.introspectionClientSecret, stats_);
    }
    auto jwt = std::make_unique<JwtAccessTokenValidator>(
        transport_, discovery_, ClaimsChecker(claimRules(config_, true), [this] { return clock_.now(); }), config_.oauth.algorithms,
        std::chrono::seconds(config_.oauth.jwksRefetchIntervalSeconds), stats_);
    jwt_ = jwt.get();
    return jwt;
}

std::string ApiApplication::statsJson() const {
    Poco::JSON::Object object(Poco::JSON_PRESERVE_KEY_ORDER);
    object.set("validation", config_.oauth.validation);
    object.set("jwksFetches", jwt_ ? jwt_->jwksFetches() : 0);
    object.set("signatureChecks", stats_.signatureChecks.load());
    object.set("introspections", stats_.introspections.load());
    object.set("cacheHits", stats_.cacheHits.load());
    object.set("cacheMisses", stats_.cacheMisses.load());
    object.set("cacheEntries", static_cast<Poco::UInt64>(cache_.size()));
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

}  // namespace deskauth::api
