#pragma once
// The grants the token endpoint hands out: the session's TokenSet (a neutral value type in
// tokens/, shared with storage/) and the device authorization response.
// Threads: plain values, not synchronised; their owners guard them.
#include "tokens/TokenSet.h"

#include <chrono>
#include <string>

namespace deskauth {

// A device authorization response (RFC 8628 §3.2). The device code is a secret like a token.
struct DeviceCodeGrant {
    std::string deviceCode;
    std::string userCode;                 // what the user types at the verification URI
    std::string verificationUri;
    std::string verificationUriComplete;  // with the user code in it (for a QR code); may be empty
    std::chrono::seconds expiresIn{0};
    std::chrono::seconds interval{5};     // §3.2: 5 s when the server gives none
};

}  // namespace deskauth
