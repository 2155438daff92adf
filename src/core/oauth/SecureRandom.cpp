#include "oauth/SecureRandom.h"

#include "oauth/Base64Url.h"

#include <openssl/rand.h>

#include <stdexcept>
#include <vector>

namespace deskauth {

std::string randomUrlSafeString(std::size_t bytes) {
    std::vector<unsigned char> buffer(bytes);
    if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
        throw std::runtime_error("the OS random number generator failed");
    }
    return base64url::encode(buffer.data(), buffer.size());
}

}  // namespace deskauth
