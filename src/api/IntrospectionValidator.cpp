#include "IntrospectionValidator.h"

#include "HttpProblem.h"
#include "errors/Errors.h"
#include "http/JsonBody.h"

#include <Poco/String.h>
#include <Poco/URI.h>
#include <openssl/evp.h>

#include <stdexcept>
#include <vector>

namespace deskauth::api {
namespace {

std::string formEncoded(const std::string& value) {
    std::string out;
    Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", out);
    return out;
}

std::string base64(const std::string& bytes) {
    std::vector<unsigned char> out(4 * ((bytes.size() + 2) / 3) + 1);
    const int length = EVP_EncodeBlock(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                       static_cast<int>(bytes.size()));
    return std::string(reinterpret_cast<const char*>(out.data()), static_cast<std::size_t>(length));
}

}  // namespace

IntrospectionValidator::IntrospectionValidator(HttpTransport& transport, Discovery& discovery, ClaimsChecker checker,
                                               const std::string& clientId, const std::string& clientSecret,
                                               ApiStats& stats)
    : transport_(transport),
      discovery_(discovery),
      checker_(std::move(checker)),
      authorization_(basicAuthorization(clientId, clientSecret)),
      stats_(stats) {}

std::string IntrospectionValidator::basicAuthorization(const std::string& clientId, const std::string& clientSecret) {
    return "Basic " + base64(formEncoded(clientId) + ":" + formEncoded(clientSecret));
}

AccessClaims IntrospectionValidator::validate(const std::string& token) {
    if (token.size() > std::size_t{16} * 1024) throw HttpProblem::invalidToken("token larger than 16 KB");

    const ProviderMetadata metadata = discovery_.metadata();
    if (metadata.introspectionEndpoint.empty()) {
        throw std::runtime_error("validation is 'introspection' but the issuer's discovery document has no "
                                 "introspection_endpoint");
    }
    HttpRequest request;
    request.method = "POST";
    request.url = metadata.introspectionEndpoint;
    request.headers.emplace_back("Authorization", authorization_);
    request.headers.emplace_back("Accept", "application/json");
    request.contentType = "application/x-www-form-urlencoded";
    request.body = formUrlEncode({{"token", token}, {"token_type_hint", "access_token"}});
    ++stats_.introspections;
    const HttpResponse response = transport_.send(request);

    if (response.status == 401 || response.status == 403) {
        throw std::runtime_error("the introspection endpoint refused the API's client credentials (HTTP " +
                                 std::to_string(response.status) +
                                 "): check oauth.introspection.clientId and clientSecret");
    }
    if (response.status != 200) {
        throw ServerError("introspection_unavailable", response.status, "The token could not be checked.",
                          "POST " + metadata.introspectionEndpoint + " answered HTTP " +
                              std::to_string(response.status));
    }
    const auto claims = json::parseObject(response.body, "invalid_introspection_response");

    // RFC 7662 §2.2: "active" is the only required member, and anything but true means no.
    const bool active = claims->has("active") && claims->get("active").isBoolean() &&
                        claims->get("active").convert<bool>();
    if (!active) throw HttpProblem::invalidToken("introspection: token is not active");
    // A refresh token (or any non-access token) must not open the API even though it is active.
    if (const auto type = json::optionalString(*claims, "token_type");
        type && Poco::icompare(*type, "Bearer") != 0 && Poco::icompare(*type, "access_token") != 0) {
        throw HttpProblem::invalidToken("introspection: token_type '" + *type + "' is not an access token");
    }
    return checker_.check(*claims);
}

}  // namespace deskauth::api
