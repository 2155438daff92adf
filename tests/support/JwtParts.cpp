#include "support/JwtParts.h"

#include "oauth/Base64Url.h"

#include <Poco/JSON/Parser.h>

#include <stdexcept>

namespace deskauth::test {
namespace {

Poco::JSON::Object::Ptr part(const std::string& jws, int index) {
    const auto firstDot = jws.find('.');
    const auto secondDot = firstDot == std::string::npos ? firstDot : jws.find('.', firstDot + 1);
    if (secondDot == std::string::npos) throw std::invalid_argument("not a compact JWS: " + jws.substr(0, 40));
    const std::string encoded =
        index == 0 ? jws.substr(0, firstDot) : jws.substr(firstDot + 1, secondDot - firstDot - 1);
    return Poco::JSON::Parser().parse(base64url::decode(encoded)).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

Poco::JSON::Object::Ptr jwtHeader(const std::string& jws) { return part(jws, 0); }
Poco::JSON::Object::Ptr jwtClaims(const std::string& jws) { return part(jws, 1); }

}  // namespace deskauth::test
