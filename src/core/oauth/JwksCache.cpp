#include "oauth/JwksCache.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "log/Log.h"
#include "oauth/ResponseLimits.h"

#include <Poco/JSON/Array.h>

namespace deskauth {

JwksCache::JwksCache(HttpTransport& transport, std::string jwksUri, std::chrono::seconds refetchInterval, Clock clock)
    : transport_(transport), jwksUri_(std::move(jwksUri)), refetchInterval_(refetchInterval), clock_(std::move(clock)) {}

int JwksCache::fetchCount() const {
    std::lock_guard lock(mutex_);
    return fetchCount_;
}

std::map<std::string, JsonWebKey> JwksCache::parse(const std::string& body) {
    auto object = json::parseObject(body, "invalid_jwks");
    auto array = object->getArray("keys");
    if (!array) throw ProtocolError("invalid_jwks", "JWKS without a 'keys' array");
    std::map<std::string, JsonWebKey> keys;
    for (std::size_t i = 0; i < array->size(); ++i) {
        auto jwk = array->getObject(static_cast<unsigned>(i));
        if (!jwk) continue;
        try {
            JsonWebKey key = JsonWebKey::fromJson(*jwk);
            keys.insert_or_assign(key.kid, std::move(key));
        } catch (const std::exception& e) {
            log::get("jwks").debug("skipping a JWK: %s", std::string(e.what()));
        }
    }
    return keys;
}

void JwksCache::fetchLocked() {
    HttpRequest request;
    request.url = jwksUri_;
    request.headers.emplace_back("Accept", "application/json");
    request.maxResponseBytes = limits::jwksBytes;
    ++fetchCount_;
    HttpResponse response = transport_.send(request);
    if (response.status != 200) {
        throw ServerError("jwks_unavailable", response.status, "The sign-in server's signing keys could not be read.",
                          "GET " + jwksUri_ + " answered HTTP " + std::to_string(response.status));
    }
    keys_ = parse(response.body);
    loaded_ = true;
}

std::optional<JsonWebKey> JwksCache::find(const std::string& kid) {
    std::lock_guard lock(mutex_);
    auto lookup = [&]() -> std::optional<JsonWebKey> {
        if (kid.empty()) {
            if (keys_.size() == 1) return keys_.begin()->second;
            return std::nullopt;
        }
        auto it = keys_.find(kid);
        if (it == keys_.end()) return std::nullopt;
        return it->second;
    };
    if (!loaded_) {
        fetchLocked();
        return lookup();  // fetched for this very lookup: a refetch would get the same keys
    }
    if (auto key = lookup()) return key;
    // Only refetches for unknown kids count against the interval (issue 21: counting the first
    // download refused a key rotated moments after it for 30 s).
    const auto now = clock_();
    if (lastRefetch_ && now - *lastRefetch_ < refetchInterval_) return std::nullopt;
    lastRefetch_ = now;
    try {
        fetchLocked();
    } catch (const Error& e) {
        log::error(log::get("jwks"), e);  // keep the keys we have; the token is still unknown
        return std::nullopt;
    }
    return lookup();
}

}  // namespace deskauth
