// The loopback listener's view of one HTTP request (RFC 8252 §7.3): a request head as the
// HeaderGate hands it over, read by POCO's request parser and classified (CallbackRequest::fromHead).
#include "FuzzInput.h"
#include "redirect/CallbackRequest.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto result = deskauth::CallbackRequest::fromHead(deskauth::fuzz::text(data, size), 8001, "/callback");
    if (result.verdict != deskauth::CallbackRequest::Verdict::callback && !result.query.empty()) __builtin_trap();
    return 0;
}
