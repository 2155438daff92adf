// A private-use URI scheme redirect URL (RFC 8252 §7.1), as the OS hands it to the app on its
// command line: anything but a ProtocolError escaping PrivateUriResponse::parse is a crash.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "redirect/PrivateUriResponse.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string url = deskauth::fuzz::text(data, size);
    (void)deskauth::PrivateUriResponse::usesScheme(url, "com.deskauth.desktop");
    try {
        (void)deskauth::PrivateUriResponse::parse(url, "com.deskauth.desktop", "/callback");
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
