#include "oauth/JwkThumbprint.h"

#include "http/JsonBody.h"
#include "oauth/Base64Url.h"

#include <openssl/sha.h>

#include <stdexcept>

namespace deskauth {
namespace {

std::string requiredMember(const Poco::JSON::Object& jwk, const char* name) {
    auto value = json::optionalString(jwk, name);
    if (!value || value->empty()) throw std::invalid_argument(std::string("JWK without '") + name + "'");
    // RFC 7638 §3.3: the members are base64url strings or fixed names, which JSON needs no escape for.
    if (value->find_first_of("\"\\") != std::string::npos) throw std::invalid_argument("JWK member needs escaping");
    return *value;
}

}  // namespace

std::string jwkThumbprintInput(const Poco::JSON::Object& jwk) {
    const std::string kty = requiredMember(jwk, "kty");
    // §3.2: only the required members, in lexicographic order, no whitespace.
    if (kty == "EC") {
        return "{\"crv\":\"" + requiredMember(jwk, "crv") + "\",\"kty\":\"EC\",\"x\":\"" + requiredMember(jwk, "x") +
               "\",\"y\":\"" + requiredMember(jwk, "y") + "\"}";
    }
    if (kty == "RSA") {
        return "{\"e\":\"" + requiredMember(jwk, "e") + "\",\"kty\":\"RSA\",\"n\":\"" + requiredMember(jwk, "n") + "\"}";
    }
    throw std::invalid_argument("unsupported JWK kty '" + kty + "'");
}

std::string jwkThumbprint(const Poco::JSON::Object& jwk) {
    const std::string input = jwkThumbprintInput(jwk);
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(input.data()), input.size(), digest);
    return base64url::encode(digest, sizeof digest);
}

}  // namespace deskauth
