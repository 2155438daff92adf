#include "oauth/Discovery.h"

#include "config/TrailingSlash.h"
#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "oauth/ResponseLimits.h"

#include <Poco/JSON/Array.h>

namespace deskauth {

Discovery::Discovery(HttpTransport& transport, std::string authority)
    // OIDC Discovery §4: a terminating '/' of the issuer is removed before the well-known path is appended.
    : transport_(transport), issuer_(std::move(authority)), authority_(withoutTrailingSlashes(issuer_)) {}

Discovery::~Discovery() {
    stop_.cancel();
    if (fetcher_.joinable()) fetcher_.join();
}

ProviderMetadata Discovery::metadata(CancelSignal* cancel) {
    // Subscribed before the lock is taken and released after it (declared first): the wake-up
    // takes mutex_ itself.
    CancelSignal::Subscription wake;
    if (cancel) {
        wake = cancel->subscribe([this] {
            std::lock_guard lock(mutex_);
            changed_.notify_all();
        });
    }
    std::unique_lock lock(mutex_);
    if (cancel && cancel->cancelled()) throw Cancelled();  // its caller stopped waiting before it began
    if (cached_) return *cached_;
    if (!underWay_) {
        // The previous request is done, so its thread has nothing left but to return.
        if (fetcher_.joinable()) fetcher_.join();
        underWay_ = std::make_shared<Request>();
        fetcher_ = std::thread(&Discovery::fetch, this, underWay_);
    }
    const std::shared_ptr<Request> request = underWay_;
    changed_.wait(lock, [&] { return request->done || (cancel && cancel->cancelled()); });
    if (!request->done) throw Cancelled();
    if (request->error) std::rethrow_exception(request->error);
    return *cached_;
}

void Discovery::fetch(std::shared_ptr<Request> request) {
    std::optional<ProviderMetadata> metadata;
    std::exception_ptr error;
    try {
        metadata = download();
    } catch (...) {
        error = std::current_exception();
    }
    {
        std::lock_guard lock(mutex_);
        if (metadata) cached_ = std::move(metadata);
        request->error = error;
        request->done = true;
        underWay_.reset();
    }
    changed_.notify_all();
}

ProviderMetadata Discovery::download() {
    HttpRequest request;
    request.url = authority_ + "/.well-known/openid-configuration";
    request.headers.emplace_back("Accept", "application/json");
    request.maxResponseBytes = limits::discoveryDocumentBytes;
    request.cancel = &stop_;
    HttpResponse response = transport_.send(request);
    if (response.status != 200) {
        throw ServerError("discovery_failed", response.status,
                          "The sign-in server's configuration could not be read.",
                          "GET " + request.url + " answered HTTP " + std::to_string(response.status));
    }
    return parse(response.body, issuer_);
}

ProviderMetadata Discovery::parse(const std::string& body, const std::string& expectedIssuer) {
    auto object = json::parseObject(body, "invalid_discovery_document");
    ProviderMetadata m;
    m.issuer = json::requiredString(*object, "issuer", "invalid_discovery_document");
    requireIssuer(m.issuer, expectedIssuer);
    m.authorizationEndpoint = json::requiredString(*object, "authorization_endpoint", "invalid_discovery_document");
    m.tokenEndpoint = json::requiredString(*object, "token_endpoint", "invalid_discovery_document");
    m.jwksUri = json::requiredString(*object, "jwks_uri", "invalid_discovery_document");
    m.userinfoEndpoint = json::optionalString(*object, "userinfo_endpoint").value_or("");
    m.revocationEndpoint = json::optionalString(*object, "revocation_endpoint").value_or("");
    m.endSessionEndpoint = json::optionalString(*object, "end_session_endpoint").value_or("");
    m.introspectionEndpoint = json::optionalString(*object, "introspection_endpoint").value_or("");
    m.deviceAuthorizationEndpoint = json::optionalString(*object, "device_authorization_endpoint").value_or("");
    m.pushedAuthorizationRequestEndpoint =
        json::optionalString(*object, "pushed_authorization_request_endpoint").value_or("");
    if (object->has("authorization_response_iss_parameter_supported")) {
        auto value = object->get("authorization_response_iss_parameter_supported");
        m.issParameterSupported = value.isBoolean() && value.convert<bool>();
    }
    // the string elements of an array member (others, or another type, are ignored)
    const auto strings = [&object](const char* name) {
        std::vector<std::string> values;
        if (auto array = object->getArray(name)) {
            for (std::size_t i = 0; i < array->size(); ++i) {
                const auto value = array->get(static_cast<unsigned>(i));
                if (value.isString()) values.push_back(value.toString());
            }
        }
        return values;
    };
    m.dpopSigningAlgValuesSupported = strings("dpop_signing_alg_values_supported");
    m.promptValuesSupported = strings("prompt_values_supported");
    // RFC 7636 §4.2 / RFC 9700 §2.1.1: we only ever send S256; refuse a server that says it cannot
    // verify it rather than silently losing PKCE.
    if (auto methods = object->getArray("code_challenge_methods_supported")) {
        bool s256 = false;
        // Only string elements count: getElement<std::string>() throws on null or an object (found
        // by fuzz_Discovery).
        for (std::size_t i = 0; i < methods->size(); ++i) {
            const auto method = methods->get(static_cast<unsigned>(i));
            s256 = s256 || (method.isString() && method.toString() == "S256");
        }
        if (!s256) throw ProtocolError("pkce_unsupported", "the server does not list S256 in code_challenge_methods_supported");
    }
    return m;
}

void Discovery::requireIssuer(const std::string& announced, const std::string& configured) {
    // OIDC Discovery §4.3 / RFC 8414 §3.3: the issuer must be exactly the one we asked (a different
    // server could impersonate it); "exactly" includes a trailing '/', which the ID token's iss
    // will carry too.
    if (announced != configured) throw IssuerMismatchError(announced, configured);
}

}  // namespace deskauth
