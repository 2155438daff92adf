#include "oauth/EcdsaSignatureSize.h"

#include "oauth/Base64Url.h"

#include <stdexcept>

namespace deskauth {

std::size_t ecdsaSignatureSize(const std::string& alg) {
    if (alg == "ES256") return 64;
    if (alg == "ES384") return 96;
    if (alg == "ES512") return 132;
    return 0;
}

bool hasEcdsaSignatureOfItsSize(const std::string& compactJws, const std::string& alg) {
    const std::size_t expected = ecdsaSignatureSize(alg);
    const std::size_t dot = compactJws.rfind('.');
    if (expected == 0 || dot == std::string::npos) return false;
    try {
        return base64url::decode(compactJws.substr(dot + 1)).size() == expected;
    } catch (const std::invalid_argument&) {
        return false;
    }
}

}  // namespace deskauth
